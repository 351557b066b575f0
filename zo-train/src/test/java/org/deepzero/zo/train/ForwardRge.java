package org.deepzero.zo.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deepzero.zo.estimate.GradientEstimator;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.query.Query;
import org.deepzero.zo.query.QueryBatch;
import org.deepzero.zo.query.QueryExecutor;

/** Test estimator: forward-difference RGE with q Gaussian directions drawn from the given generator. */
final class ForwardRge implements GradientEstimator {
    private final int q;
    private final double mu;

    ForwardRge(int q, double mu) {
        this.q = q;
        this.mu = mu;
    }

    @Override
    public Estimate estimate(Objective objective, double[] theta, QueryExecutor executor, SplittableRandom random) {
        int d = theta.length;
        List<Query> queries = new ArrayList<>();
        List<double[]> dirs = new ArrayList<>();
        for (int k = 0; k < q; k++) {
            double[] u = new double[d];
            for (int i = 0; i < d; i++) {
                u[i] = random.nextGaussian();
            }
            dirs.add(u);
            queries.add(new Query.Direction(u, mu));
        }
        double f0 = objective.value(theta);
        double[] f = executor.evaluate(objective, new QueryBatch(theta, queries));
        double[] g = new double[d];
        for (int k = 0; k < q; k++) {
            double c = (f[k] - f0) / mu / q;
            for (int i = 0; i < d; i++) {
                g[i] += c * dirs.get(k)[i];
            }
        }
        return new Estimate(g, f0, q + 1);
    }
}
