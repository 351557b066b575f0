package org.deepzero.zo.cluster;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A member's answer to a {@link ChunkTask}, tagged with the batch and chunks it answers: a training
 * process that restarted at the same address can receive the answer to its predecessor's task
 * (Hazelcast routes answers by address and call number), and must recognise and drop it.
 *
 * @param values  per chunk, its values ({@code null} when failed)
 * @param calls   per chunk, the outside calls its values spent ({@link org.deepzero.zo.query.MeteredObjective};
 *                {@code null} when failed)
 * @param kind    what happened
 * @param message the failure, one line ({@code null} when done)
 */
record ChunkResult(String batchId, int[] chunks, double[][] values, long[] calls, Kind kind, String message)
        implements Serializable {

    /** Outcome of a task. */
    enum Kind {
        /** evaluated */
        DONE,
        /** the member does not hold the batch: send its context again */
        CONTEXT_MISSING,
        /** the member's data differ from the recipe's: it must not be used */
        REFUSED,
        /** an objective failed */
        ERROR
    }

    static ChunkResult values(String batchId, int[] chunks, double[][] values, long[] calls) {
        return new ChunkResult(batchId, chunks, values, calls, Kind.DONE, null);
    }

    static ChunkResult failed(String batchId, int[] chunks, Kind kind, String message) {
        return new ChunkResult(batchId, chunks, null, null, kind, message);
    }

    /** Whether this answers the task for {@code chunks} of batch {@code batchId}. */
    boolean answers(String batchId, int[] chunks) {
        return this.batchId.equals(batchId) && Arrays.equals(this.chunks, chunks);
    }
}
