package org.deepzero.zo.query;

import org.deepzero.zo.objective.Objective;

/**
 * Where queries run: locally on all cores, on cluster members, or on a GPU. Estimators hand their
 * batches to an executor and never know which; every executor returns the same values, in query order.
 */
public interface QueryExecutor extends AutoCloseable {

    /** Values of {@code objective} at every point of {@code batch}, in query order. */
    double[] evaluate(Objective objective, QueryBatch batch);

    @Override
    default void close() {
    }
}
