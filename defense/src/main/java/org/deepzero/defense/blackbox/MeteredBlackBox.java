package org.deepzero.defense.blackbox;

import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A black box seen through a meter: its images are also counted per calling thread, so one evaluation
 * knows what it spent even while others run beside it (a cluster member returns that count with its
 * values), and images queried on cluster members for this box's objectives are added to its count.
 * {@link #queries} is the wrapped box's count plus the members'. Calls on the wrapped box: {@code logits}
 * and {@code queries} only. Thread-safe.
 */
public final class MeteredBlackBox implements BlackBox {
    private final BlackBox box;
    private final AtomicLong remote = new AtomicLong();
    private final ThreadLocal<long[]> onThread = ThreadLocal.withInitial(() -> new long[1]);

    private MeteredBlackBox(BlackBox box) {
        this.box = box;
    }

    /** {@code box} metered. */
    public static MeteredBlackBox of(BlackBox box) {
        return new MeteredBlackBox(java.util.Objects.requireNonNull(box, "black box"));
    }

    @Override
    public INDArray logits(INDArray images) {
        onThread.get()[0] += images.size(0);
        return box.logits(images);
    }

    /** The wrapped box's images plus those queried on cluster members. */
    @Override
    public long queries() {
        return box.queries() + remote.get();
    }

    /** Images queried so far by the calling thread through this meter. */
    public long queriesOnThisThread() {
        return onThread.get()[0];
    }

    /** Counts {@code images} queried on a cluster member. */
    public void addRemote(long images) {
        if (images < 0) {
            throw new IllegalArgumentException("negative query count " + images);
        }
        remote.addAndGet(images);
    }

    @Override
    public String toString() {
        return "MeteredBlackBox[" + queries() + " queries]";
    }
}
