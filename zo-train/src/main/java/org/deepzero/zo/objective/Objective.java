package org.deepzero.zo.objective;

import org.deepzero.zo.param.ParameterSpace;
import org.deepzero.zo.query.QueryBatch;

/**
 * The black box a zeroth-order trainer optimises: a scalar loss that can only be evaluated.
 * <p>
 * Implementations must be deterministic for a given parameter vector (fix the mini-batch before
 * querying) and thread-safe for concurrent {@link #value} calls, so that a {@code QueryExecutor}
 * can evaluate queries in parallel.
 */
public interface Objective {

    /** The coordinate layout of the parameters this objective takes. */
    ParameterSpace space();

    /** Loss at {@code theta}; {@code theta} has {@link ParameterSpace#dimension()} entries and is not modified. */
    double value(double[] theta);

    /**
     * Losses at every point of a batch of perturbations of one base point, in query order.
     * The default evaluates each point with {@link #value}; objectives that can share work between
     * queries (cached stage inputs, batched forwards) override it.
     */
    default double[] values(QueryBatch batch) {
        return pointByPoint(this, batch);
    }

    /**
     * Losses at every point of {@code batch}, each by {@link #value} of {@code objective}: what
     * {@link #values} must equal however an implementation shares work (the reference of its tests).
     */
    static double[] pointByPoint(Objective objective, QueryBatch batch) {
        double[] out = new double[batch.size()];
        double[] point = batch.base().clone();
        for (int i = 0; i < out.length; i++) {
            batch.query(i).applyTo(point);
            out[i] = objective.value(point);
            batch.query(i).undo(point, batch.base());
        }
        return out;
    }
}
