package org.deepzero.zo.cluster;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * Queries {@code [from, to)} of one batch, evaluated on a member. A pure function of its description
 * (so a task resubmitted after its member was lost gives the same values); {@code context} travels
 * only with a member's first chunk of a batch.
 */
record ChunkTask(String batchId, int from, int to, BatchContext context) implements Callable<double[]>, Serializable {

    @Override
    public double[] call() {
        long t0 = System.nanoTime();
        MemberCache.Prepared p = MemberCache.prepared(batchId, context);
        double[] v = p.objective().values(p.batch().slice(from, to));
        MemberCache.QUERIES.addAndGet(to - from);
        MemberCache.BUSY_NANOS.addAndGet(System.nanoTime() - t0);
        return v;
    }
}
