package org.deepzero.coupling.spec;

import java.util.Objects;
import org.deepzero.solver.io.FlowCase;

/**
 * A whole solver-in-the-loop case: the flow (the solver's sections) and the corrector, training and
 * evaluation settings (coupling's sections). Immutable.
 */
public record CouplingSpec(FlowCase flow, CorrectorSpec corrector, TrainingSpec training, EvaluationSpec evaluation) {
    public CouplingSpec {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(corrector, "corrector");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(evaluation, "evaluation");
    }
}
