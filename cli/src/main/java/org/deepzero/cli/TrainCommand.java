package org.deepzero.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deepzero.coupling.CouplingRun;

/** {@code deepzero train <case>}: trains the corrector (resuming an interrupted run). */
final class TrainCommand implements Command {
    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train the corrector (NON and the case's DeepZero methods, or one --method); resumes";
    }

    @Override
    public String arguments() {
        return "<case>";
    }

    @Override
    public Options options() {
        return CaseArgs.withRunDir(new Options().addOption(Option.builder().longOpt("method").hasArg().argName("M")
                .desc("only this method: non, sol-zo, sol-rge, sol-zo-cold, sol-rge-cold (NON is trained first "
                        + "when a warm start needs it)").build()));
    }

    @Override
    public int run(CommandLine line, PrintStream out) {
        String only = line.hasOption("method")
                ? Args.choice(line, "method", null, CouplingRun.ALL_METHODS.toArray(String[]::new)) : null;
        CouplingRun<?> run = CaseArgs.open(line);
        List<String> methods = only == null ? run.caseMethods() : new ArrayList<>(List.of(only));
        run.train(methods).forEach((m, seeds) -> seeds.keySet().forEach(r -> out.println(m
                + (run.seeds().size() > 1 ? " seed " + r : "") + ": " + run.methodDir(m, r))));
        return 0;
    }
}
