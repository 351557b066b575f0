package org.deepzero.zo.prune;

import java.util.Objects;
import java.util.SplittableRandom;
import org.deepzero.zo.estimate.GradientEstimator;
import org.deepzero.zo.estimate.Rge;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.query.QueryExecutor;

/**
 * ZO-SNIP: SNIP's connection sensitivity (Lee, Ajanthan and Torr, "SNIP: Single-shot Network Pruning
 * based on Connection Sensitivity", ICLR 2019), {@code |θ ⊙ ∇f(θ)|}, with the gradient replaced by a
 * zeroth-order estimate ĝ. Keeps the coordinates of largest {@code |θ ⊙ ĝ|}.
 */
public final class ZoSnip implements PruningScore {

    private final GradientEstimator estimator;

    /** @param estimator how ĝ is estimated */
    public ZoSnip(GradientEstimator estimator) {
        this.estimator = Objects.requireNonNull(estimator, "estimator");
    }

    /** ZO-SNIP with Gaussian RGE of {@code q} directions and smoothing μ (DeepZero's formula). */
    public static ZoSnip withRge(int q, double mu) {
        return new ZoSnip(new Rge(q, mu, Rge.Directions.GAUSSIAN));
    }

    @Override
    public double[] importance(Objective objective, double[] theta, QueryExecutor executor, SplittableRandom random) {
        double[] g = estimator.estimate(objective, theta, executor, random).gradient();
        double[] s = new double[theta.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.abs(theta[i] * g[i]);
        }
        return s;
    }

    @Override
    public String toString() {
        return "ZoSnip[" + estimator + "]";
    }
}
