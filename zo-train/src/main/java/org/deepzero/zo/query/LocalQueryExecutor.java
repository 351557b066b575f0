package org.deepzero.zo.query;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.deepzero.zo.objective.Objective;

/**
 * Runs queries on this machine: the batch is cut into contiguous chunks of at most {@code chunkSize}
 * queries, the chunks run on a fixed pool of threads (each chunk through {@link Objective#values}, so an
 * objective can batch inside a chunk), and the values come back in query order. The chunking depends
 * only on the batch size and the settings, never on timing, so results are reproducible.
 * <p>
 * Run ND4J with {@code OMP_NUM_THREADS=1}: parallelism comes from these threads.
 */
public final class LocalQueryExecutor implements QueryExecutor {
    private final int threads;
    private final int chunkSize;
    private final ExecutorService pool;

    /** One thread per available core, chunks sized to spread the batch evenly. */
    public LocalQueryExecutor() {
        this(Runtime.getRuntime().availableProcessors(), 0);
    }

    /**
     * @param threads   worker threads; 1 runs everything on the calling thread
     * @param chunkSize most queries per chunk; 0 splits each batch into {@code threads} equal chunks
     */
    public LocalQueryExecutor(int threads, int chunkSize) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        if (chunkSize < 0) {
            throw new IllegalArgumentException("chunk size must be non-negative, got " + chunkSize);
        }
        this.threads = threads;
        this.chunkSize = chunkSize;
        AtomicInteger n = new AtomicInteger();
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "zo-query-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A single-threaded executor running queries on the caller's thread. */
    public static LocalQueryExecutor serial() {
        return new LocalQueryExecutor(1, 0);
    }

    public int threads() {
        return threads;
    }

    @Override
    public double[] evaluate(Objective objective, QueryBatch batch) {
        int n = batch.size();
        int chunk = chunkSize > 0 ? chunkSize : Math.max(1, (n + threads - 1) / threads);
        if (pool == null || n <= chunk) {
            return objective.values(batch);
        }
        List<Future<double[]>> futures = new ArrayList<>();
        for (int from = 0; from < n; from += chunk) {
            QueryBatch slice = batch.slice(from, Math.min(n, from + chunk));
            futures.add(pool.submit(() -> objective.values(slice)));
        }
        double[] out = new double[n];
        int at = 0;
        try {
            for (Future<double[]> f : futures) {
                double[] v = f.get();
                System.arraycopy(v, 0, out, at, v.length);
                at += v.length;
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
