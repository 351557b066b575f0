package org.deepzero.coupling.spec;

import java.util.Objects;
import org.deepzero.solver.pde.PdeCase;

/**
 * A whole solver-in-the-loop case: the PDE (its kind's sections, see {@link org.deepzero.solver.pde.PdeKinds})
 * and the corrector, training and evaluation settings (coupling's sections). Immutable.
 *
 * @param <S> the PDE's state type
 */
public record CouplingSpec<S>(PdeCase<S> pde, CorrectorSpec corrector, TrainingSpec training,
                              EvaluationSpec evaluation) {
    public CouplingSpec {
        Objects.requireNonNull(pde, "pde");
        Objects.requireNonNull(corrector, "corrector");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(evaluation, "evaluation");
    }
}
