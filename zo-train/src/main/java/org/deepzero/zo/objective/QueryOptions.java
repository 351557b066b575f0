package org.deepzero.zo.objective;

/**
 * Which of the staged speed-ups a {@link StagedObjective} uses; each can be switched on its own so its
 * effect can be measured. Every combination returns the same values up to floating-point rounding.
 *
 * @param featureReuse        a query perturbing stage l starts from the cached input of stage l
 * @param linearDelta         a coordinate query on a conv/dense stage adds the cheap one-channel change
 *                            to the cached stage output instead of recomputing the stage, and one on a
 *                            batch-norm γ/β recomputes its one channel (needs feature reuse)
 * @param channelPropagation  after a one-channel change, channel-wise stages (BN, activations, pooling)
 *                            process that channel alone and the next linear stage adds a
 *                            one-input-channel term to its cached output (needs linear delta)
 * @param batchSize           queries stacked in the batch dimension of one forward through the shared
 *                            tail of the network (1: one forward per query; needs feature reuse)
 */
public record QueryOptions(boolean featureReuse, boolean linearDelta, boolean channelPropagation, int batchSize)
        implements java.io.Serializable {
    private static final long serialVersionUID = 1L;


    public QueryOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (linearDelta && !featureReuse) {
            throw new IllegalArgumentException("linear-stage deltas need feature reuse");
        }
        if (channelPropagation && !linearDelta) {
            throw new IllegalArgumentException("channel propagation needs linear-stage deltas");
        }
        if (batchSize > 1 && !featureReuse) {
            throw new IllegalArgumentException("batched queries need feature reuse (they share the cached prefix)");
        }
    }

    /** One full forward per query. */
    public static QueryOptions plain() {
        return new QueryOptions(false, false, false, 1);
    }

    /** Feature reuse only. */
    public static QueryOptions reuse() {
        return new QueryOptions(true, false, false, 1);
    }

    /** Feature reuse and linear-stage deltas with one-channel propagation. */
    public static QueryOptions delta() {
        return new QueryOptions(true, true, true, 1);
    }

    /** Everything, {@code batchSize} queries per batched forward. */
    public static QueryOptions all(int batchSize) {
        return new QueryOptions(true, true, true, batchSize);
    }
}
