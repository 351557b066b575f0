package org.deepzero.zo.query;

import org.deepzero.zo.objective.Objective;

/**
 * Where queries run: locally on all cores, on cluster members, or on a GPU. Estimators hand their
 * batches to an executor and never know which; every executor returns the same values, in query order.
 * Other independent work (validation and test rollouts) runs through the same executor as a
 * {@link TaskSet}.
 */
public interface QueryExecutor extends AutoCloseable {

    /** Values of {@code objective} at every point of {@code batch}, in query order. */
    double[] evaluate(Objective objective, QueryBatch batch);

    /** The numbers of every task of {@code tasks}, in task order; here one after another. */
    default double[][] run(TaskSet tasks) {
        double[][] out = new double[tasks.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = tasks.run(i);
        }
        return out;
    }

    @Override
    default void close() {
    }
}
