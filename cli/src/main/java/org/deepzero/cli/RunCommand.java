package org.deepzero.cli;

import java.util.Map;
import org.deepzero.coupling.CouplingRun;
import org.deepzero.coupling.report.Summary;

/** {@code deepzero run <case>}: reference, training of every method, evaluation and report. */
final class RunCommand extends EvaluatingCommand {
    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "the whole job: reference data, NON and DeepZero training, evaluation, report";
    }

    @Override
    Summary evaluate(CouplingRun<?> run) {
        run.requireMemory(run.caseMethods().size() + 1);
        return run.evaluate(run.train(run.caseMethods()));
    }
}
