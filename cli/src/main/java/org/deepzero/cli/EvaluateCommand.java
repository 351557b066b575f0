package org.deepzero.cli;

import java.util.Map;
import org.deepzero.coupling.CouplingRun;
import org.deepzero.coupling.report.Summary;

/** {@code deepzero evaluate <case>}: tests every trained method against SRC and writes the report. */
final class EvaluateCommand extends EvaluatingCommand {
    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "evaluate the trained correctors and SRC on held-out Reynolds numbers; write the report";
    }

    @Override
    Summary evaluate(CouplingRun<?> run) {
        Map<String, Map<Integer, double[]>> trained = run.trainedMethods();
        if (trained.isEmpty()) {
            System.err.println("deepzero evaluate: no finished training in " + run.runDir()
                    + "; evaluating SRC only (run 'deepzero train' first)");
        }
        return run.evaluate(trained);
    }
}
