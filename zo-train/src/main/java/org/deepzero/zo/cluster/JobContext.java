package org.deepzero.zo.cluster;

import java.io.Serializable;

/** What a member needs once per job (a query batch or a task set) to evaluate any of its units. */
interface JobContext extends Serializable {

    /** The job's units on this member (rebuilds what the context describes, from this member's data). */
    MemberCache.Units prepare();

    /** Bytes of numbers the context carries, for the executor's counters (0 when not counted). */
    long bytes();
}
