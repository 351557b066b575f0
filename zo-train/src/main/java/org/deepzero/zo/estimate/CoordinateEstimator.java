package org.deepzero.zo.estimate;

import java.util.ArrayList;
import java.util.List;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.query.Query;
import org.deepzero.zo.query.QueryBatch;
import org.deepzero.zo.query.QueryExecutor;

/**
 * Shared machinery of coordinate-wise gradient estimators: finite differences along unit vectors
 * {@code e_i} for a list of coordinates, every query handed to the executor in one batch (base point
 * first), the estimate zero on coordinates not in the list.
 */
public abstract class CoordinateEstimator implements GradientEstimator {
    /** DeepZero's default smoothing step. */
    public static final double DEFAULT_MU = 5e-3;

    private final double mu;
    private final Difference difference;

    protected CoordinateEstimator(double mu, Difference difference) {
        if (!(mu > 0) || Double.isInfinite(mu)) {
            throw new IllegalArgumentException("step mu must be positive and finite, got " + mu);
        }
        this.mu = mu;
        this.difference = java.util.Objects.requireNonNull(difference, "difference");
    }

    public double mu() {
        return mu;
    }

    public Difference difference() {
        return difference;
    }

    /** Finite differences over {@code coordinates} (distinct indices) at {@code theta}. */
    protected final Estimate estimateOver(Objective objective, double[] theta, int[] coordinates, QueryExecutor executor) {
        int d = objective.space().dimension();
        if (theta.length != d) {
            throw new IllegalArgumentException("theta has " + theta.length + " entries, the objective " + d);
        }
        List<Query> queries = new ArrayList<>(coordinates.length * 2 + 1);
        queries.add(new Query.Coordinate(0, 0.0)); // the base point
        for (int i : coordinates) {
            if (i < 0 || i >= d) {
                throw new IndexOutOfBoundsException("coordinate " + i + " outside [0, " + d + ")");
            }
            queries.add(new Query.Coordinate(i, mu));
            if (difference == Difference.CENTRAL) {
                queries.add(new Query.Coordinate(i, -mu));
            }
        }
        double[] f = executor.evaluate(objective, new QueryBatch(theta, queries));
        double[] g = new double[d];
        double f0 = f[0];
        for (int k = 0; k < coordinates.length; k++) {
            int i = coordinates[k];
            g[i] = difference == Difference.FORWARD
                    ? (f[1 + k] - f0) / mu
                    : (f[1 + 2 * k] - f[2 + 2 * k]) / (2 * mu);
        }
        return new Estimate(g, f0, queries.size());
    }
}
