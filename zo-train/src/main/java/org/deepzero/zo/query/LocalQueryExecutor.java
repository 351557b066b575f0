package org.deepzero.zo.query;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.deepzero.zo.objective.Objective;

/**
 * Runs queries on this machine: the batch is cut into {@link QueryChunks} (boundaries from the batch
 * size alone), the chunks run on a fixed pool of threads (each chunk through {@link Objective#values},
 * so an objective can batch inside a chunk), and the values come back in query order. The chunking is
 * the same for every thread count and for the cluster executor, so results are the same bit for bit.
 * <p>
 * Run ND4J with {@code OMP_NUM_THREADS=1}: parallelism comes from these threads.
 */
public final class LocalQueryExecutor implements QueryExecutor {
    private final int threads;
    private final ExecutorService pool;

    /** One thread per available core. */
    public LocalQueryExecutor() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** @param threads worker threads; 1 runs everything on the calling thread */
    public LocalQueryExecutor(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        this.threads = threads;
        AtomicInteger n = new AtomicInteger();
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "zo-query-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A single-threaded executor running queries on the caller's thread. */
    public static LocalQueryExecutor serial() {
        return new LocalQueryExecutor(1);
    }

    public int threads() {
        return threads;
    }

    @Override
    public double[] evaluate(Objective objective, QueryBatch batch) {
        int n = batch.size();
        double[][] chunks = units(QueryChunks.count(n), c -> QueryChunks.evaluate(objective, batch, c));
        double[] out = new double[n];
        for (int c = 0; c < chunks.length; c++) {
            System.arraycopy(chunks[c], 0, out, QueryChunks.from(n, c), chunks[c].length);
        }
        return out;
    }

    /** Every task on this executor's threads (one task per thread at a time). */
    @Override
    public double[][] run(TaskSet tasks) {
        return units(tasks.size(), tasks::run);
    }

    /** Units {@code 0..count-1} on the pool (or the calling thread), results by index. */
    private double[][] units(int count, IntFunction<double[]> unit) {
        double[][] out = new double[count][];
        if (pool == null || count == 1) {
            for (int c = 0; c < count; c++) {
                out[c] = unit.apply(c);
            }
            return out;
        }
        List<Future<double[]>> futures = new ArrayList<>(count);
        for (int c = 0; c < count; c++) {
            int chunk = c;
            futures.add(pool.submit(() -> unit.apply(chunk)));
        }
        try {
            for (int c = 0; c < count; c++) {
                out[c] = futures.get(c).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            futures.forEach(f -> f.cancel(true));
            throw new IllegalStateException("interrupted while evaluating queries", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("query evaluation failed", c);
        }
        return out;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
