package org.deepzero.vision.train;

import java.util.SplittableRandom;
import org.deepzero.zo.autodiff.AutodiffGradient;
import org.deepzero.zo.estimate.GradientEstimator;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.objective.StagedObjective;
import org.deepzero.zo.query.QueryExecutor;

/**
 * The first-order baseline dressed as an estimator, so that FO and ZO runs share one training loop:
 * the exact gradient of a {@link StagedObjective}'s loss on its mini-batch by reverse-mode autodiff
 * (SameDiff, same batch-norm semantics as the eager forward). It counts one query per step (one
 * forward and backward pass) and ignores the executor and generator. Not thread-safe (the autodiff
 * graph is reused).
 */
public final class FirstOrderEstimator implements GradientEstimator {
    private final AutodiffGradient autodiff;

    public FirstOrderEstimator(AutodiffGradient autodiff) {
        this.autodiff = autodiff;
    }

    @Override
    public Estimate estimate(Objective objective, double[] theta, QueryExecutor executor, SplittableRandom random) {
        if (!(objective instanceof StagedObjective s)) {
            throw new IllegalArgumentException("first-order training needs a StagedObjective (model, batch, loss), got "
                    + objective.getClass().getName());
        }
        AutodiffGradient.Result r = autodiff.lossAndGradient(theta, s.input(), s.loss());
        return new Estimate(r.gradient(), r.loss(), 1);
    }

    @Override
    public String toString() {
        return "FirstOrder[autodiff]";
    }
}
