package org.deepzero.zo.cluster;

import java.io.Serializable;
import java.util.concurrent.Callable;
import org.deepzero.zo.query.DataMismatchException;
import org.deepzero.zo.query.MeteredObjective;
import org.deepzero.zo.query.QueryChunks;

/**
 * Chunks {@code chunks} (of {@link QueryChunks}) of one batch, or tasks of one task set, evaluated on a
 * member one by one, so their values do not depend on how they are grouped into tasks. A pure function
 * of its description
 * (a task resubmitted after its member was lost gives the same values); {@code context} travels only
 * with a member's first task of a batch. Failures come back as a tagged {@link ChunkResult}, never as
 * an exception, so the caller can tell an answer to this task from a stale one.
 */
record ChunkTask(String batchId, int[] chunks, JobContext context) implements Callable<ChunkResult>, Serializable {

    @Override
    public ChunkResult call() {
        long t0 = System.nanoTime();
        try {
            MemberCache.Units p = MemberCache.prepared(batchId, context);
            double[][] values = new double[chunks.length][];
            long[] calls = new long[chunks.length];
            int queries = 0;
            for (int i = 0; i < chunks.length; i++) {
                MeteredObjective.Metered m = p.unit(chunks[i]);
                values[i] = m.values();
                calls[i] = m.calls();
                queries += p.perValue() ? values[i].length : 1;
            }
            MemberCache.QUERIES.addAndGet(queries);
            return ChunkResult.values(batchId, chunks, values, calls);
        } catch (ContextMissingException e) {
            return ChunkResult.failed(batchId, chunks, ChunkResult.Kind.CONTEXT_MISSING, e.getMessage());
        } catch (DataMismatchException e) {
            return ChunkResult.failed(batchId, chunks, ChunkResult.Kind.REFUSED, e.getMessage());
        } catch (RuntimeException e) {
            return ChunkResult.failed(batchId, chunks, ChunkResult.Kind.ERROR, e.getClass().getName() + ": " + e.getMessage());
        } finally {
            MemberCache.BUSY_NANOS.addAndGet(System.nanoTime() - t0);
        }
    }
}
