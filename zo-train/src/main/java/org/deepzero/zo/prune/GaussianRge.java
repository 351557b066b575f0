package org.deepzero.zo.prune;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deepzero.zo.estimate.GradientEstimator;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.query.Query;
import org.deepzero.zo.query.QueryBatch;
import org.deepzero.zo.query.QueryExecutor;

/**
 * The randomized gradient estimate used by the pruning scores, as in DeepZero (Chen et al., ICLR 2024,
 * eq. 1): {@code ĝ = (1/q) Σ_i [(f(θ + μ u_i) - f(θ)) / μ] u_i} with {@code u_i ~ N(0, I)}, q + 1
 * queries. Directions are drawn in chunks and discarded after use, so memory stays at
 * {@value #CHUNK} directions whatever q is; the draws do not depend on the chunking.
 * Kept package-private: the general estimators live in {@code org.deepzero.zo.estimate}; the scores
 * accept any {@link GradientEstimator}.
 */
final class GaussianRge implements GradientEstimator {

    static final int CHUNK = 16;

    private final int q;
    private final double mu;

    GaussianRge(int q, double mu) {
        if (q < 1) {
            throw new IllegalArgumentException("number of random directions q must be >= 1, got " + q);
        }
        if (!(mu > 0) || Double.isInfinite(mu)) {
            throw new IllegalArgumentException("smoothing radius mu must be finite and > 0, got " + mu);
        }
        this.q = q;
        this.mu = mu;
    }

    @Override
    public Estimate estimate(Objective objective, double[] theta, QueryExecutor executor, SplittableRandom random) {
        int d = theta.length;
        double[] g = new double[d];
        double f0 = objective.value(theta);
        for (int from = 0; from < q; from += CHUNK) {
            int n = Math.min(CHUNK, q - from);
            List<Query> queries = new ArrayList<>(n);
            double[][] u = new double[n][d];
            for (int k = 0; k < n; k++) {
                for (int i = 0; i < d; i++) {
                    u[k][i] = random.nextGaussian();
                }
                queries.add(new Query.Direction(u[k], mu));
            }
            double[] f = executor.evaluate(objective, new QueryBatch(theta, queries));
            for (int k = 0; k < n; k++) {
                double c = (f[k] - f0) / (mu * q);
                double[] uk = u[k];
                for (int i = 0; i < d; i++) {
                    g[i] += c * uk[i];
                }
            }
        }
        return new Estimate(g, f0, q + 1);
    }

    @Override
    public String toString() {
        return "GaussianRge[q=" + q + ", mu=" + mu + "]";
    }
}
