package org.deepzero.zo.query;

/**
 * Independent pieces of work of one kind, each a pure function of its index giving a few numbers: the
 * long rollouts of a validation, one per start. An executor runs them as it runs queries
 * ({@link QueryExecutor#run}); the caller combines the numbers in index order, so where they ran never
 * changes a result.
 */
public interface TaskSet {

    /** Number of tasks. */
    int size();

    /** The numbers of task {@code i}; safe to call from several threads at once. */
    double[] run(int i);
}
