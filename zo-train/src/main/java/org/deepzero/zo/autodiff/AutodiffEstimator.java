package org.deepzero.zo.autodiff;

import java.util.SplittableRandom;
import org.deepzero.zo.estimate.GradientEstimator;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.objective.StagedObjective;
import org.deepzero.zo.query.QueryExecutor;

/**
 * The exact gradient by autodiff, as a {@link GradientEstimator}, so first-order baselines run through
 * the same {@code Trainer} (checkpoints, resume, metrics) as the zeroth-order methods. Works only on
 * a {@link StagedObjective}, whose network, input and loss are visible: it is the white-box reference,
 * not a black-box method. Spends one query (the loss) per step.
 */
public final class AutodiffEstimator implements GradientEstimator {
    private final AutodiffGradient autodiff;

    /** Autodiff of the objectives' network in {@code autodiff}'s data type. */
    public AutodiffEstimator(AutodiffGradient autodiff) {
        this.autodiff = autodiff;
    }

    @Override
    public Estimate estimate(Objective objective, double[] theta, QueryExecutor executor, SplittableRandom random) {
        if (!(objective instanceof StagedObjective staged)) {
            throw new IllegalArgumentException("autodiff needs a StagedObjective (a visible network and loss), got "
                    + objective.getClass().getSimpleName());
        }
        AutodiffGradient.Result r = autodiff.lossAndGradient(theta, staged.input(), staged.loss());
        return new Estimate(r.gradient(), r.loss(), 1);
    }

    @Override
    public String toString() {
        return "Autodiff[exact gradient]";
    }
}
