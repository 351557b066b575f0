package org.deepzero.zo.cluster;

import java.io.Serializable;
import java.util.concurrent.Callable;

/** A member's counters: queries evaluated and seconds spent evaluating since it started. */
record StatsTask() implements Callable<long[]>, Serializable {
    @Override
    public long[] call() {
        return new long[] {MemberCache.QUERIES.get(), MemberCache.BUSY_NANOS.get(),
                Runtime.getRuntime().availableProcessors()};
    }
}
