package org.deepzero.cli;

import java.io.PrintStream;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.deepzero.coupling.CouplingRun;
import org.deepzero.coupling.report.Summary;

/** {@code deepzero run <case>}: reference, training of every method, evaluation and report. */
final class RunCommand implements Command {
    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "the whole job: reference data, NON and DeepZero training, evaluation, report";
    }

    @Override
    public String arguments() {
        return "<case>";
    }

    @Override
    public Options options() {
        return CaseArgs.withRunDir(new Options());
    }

    @Override
    public int run(CommandLine line, PrintStream out) {
        CouplingRun<?> run = CaseArgs.open(line);
        run.requireMemory(run.caseMethods().size() + 1);
        Map<String, Map<Integer, double[]>> trained = run.train(run.caseMethods());
        Summary summary = run.evaluate(trained);
        out.print(summary.table());
        out.println("report: " + run.runDir().resolve("report").resolve("index.html"));
        return 0;
    }
}
