package org.deepzero.cli;

import java.io.PrintStream;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.deepzero.coupling.CouplingRun;

/** {@code deepzero evaluate <case>}: tests every trained method against SRC and writes the report. */
final class EvaluateCommand implements Command {
    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "evaluate the trained correctors and SRC on held-out Reynolds numbers; write the report";
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
        Map<String, Map<Integer, double[]>> trained = run.trainedMethods();
        if (trained.isEmpty()) {
            System.err.println("deepzero evaluate: no finished training in " + run.runDir()
                    + "; evaluating SRC only (run 'deepzero train' first)");
        }
        out.print(run.evaluate(trained).table());
        out.println("report: " + run.runDir().resolve("report").resolve("index.html"));
        return 0;
    }
}
