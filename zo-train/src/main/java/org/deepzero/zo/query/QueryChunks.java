package org.deepzero.zo.query;

import org.deepzero.zo.objective.Objective;

/**
 * The one chunking of a query batch, shared by every executor: a batch of n queries is cut into
 * chunks of {@code ceil(n / 64)} consecutive queries (at most 64 chunks), each evaluated by one
 * {@link Objective#values} call. The boundaries depend on n alone, never on the executor, its threads,
 * its members or timing. That matters because an objective may share work inside a call (queries
 * stacked in one batched forward on a float model), which can change a value's last bits with the
 * company it keeps: with one chunking, {@code local:1}, {@code local:T} and {@code cluster:} give the
 * same values bit for bit. Executors may group whole chunks into one task or message as they like.
 */
public final class QueryChunks {
    /** Most chunks per batch: enough to spread a batch over a few dozen threads or machines. */
    public static final int MAX_CHUNKS = 64;

    private QueryChunks() {
    }

    /** Queries per chunk (the last chunk may hold fewer). */
    public static int size(int queries) {
        return Math.max(1, (queries + MAX_CHUNKS - 1) / MAX_CHUNKS);
    }

    /** Number of chunks of a batch of {@code queries}. */
    public static int count(int queries) {
        int size = size(queries);
        return (queries + size - 1) / size;
    }

    /** First query of chunk {@code c}. */
    public static int from(int queries, int c) {
        return c * size(queries);
    }

    /** One past the last query of chunk {@code c}. */
    public static int to(int queries, int c) {
        return Math.min(queries, (c + 1) * size(queries));
    }

    /** The values of chunk {@code c} of {@code batch}. */
    public static double[] evaluate(Objective objective, QueryBatch batch, int c) {
        int n = batch.size();
        return objective.values(batch.slice(from(n, c), to(n, c)));
    }

    /**
     * The values of chunk {@code c} of {@code batch} and the outside calls they spent (0 for an objective
     * that is not a {@link MeteredObjective}).
     */
    public static MeteredObjective.Metered evaluateMetered(Objective objective, QueryBatch batch, int c) {
        if (objective instanceof MeteredObjective m) {
            int n = batch.size();
            return m.valuesMetered(batch.slice(from(n, c), to(n, c)));
        }
        return new MeteredObjective.Metered(evaluate(objective, batch, c), 0);
    }
}
