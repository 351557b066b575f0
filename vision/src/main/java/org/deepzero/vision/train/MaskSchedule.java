package org.deepzero.vision.train;

import java.util.function.Supplier;
import org.deepzero.zo.prune.MaskSampler;

/**
 * The coordinate mask of the current training step, for sparse CGE. zo-train's
 * {@link org.deepzero.zo.estimate.SparseCge} asks a supplier for its mask once per estimate without
 * knowing the step; the training loop asks for the objective of step s just before estimating on it,
 * so that provider calls {@link #moveTo(int)} and this supplier answers with the mask of step s, which
 * {@link MaskSampler} derives from (seed, s / k) alone: a resumed run sees the same masks.
 * Used by the single training thread.
 */
public final class MaskSchedule implements Supplier<boolean[]> {
    private final MaskSampler sampler;
    private int step;
    private long cachedPeriod = -1;
    private boolean[] cached;

    public MaskSchedule(MaskSampler sampler) {
        this.sampler = sampler;
    }

    /** Sets the step whose mask {@link #get()} returns. */
    public void moveTo(int step) {
        if (step < 0) {
            throw new IllegalArgumentException("negative step " + step);
        }
        this.step = step;
    }

    @Override
    public boolean[] get() {
        long period = step / sampler.redrawEvery();
        if (period != cachedPeriod) {
            cached = sampler.maskForStep(step).toBooleanArray();
            cachedPeriod = period;
        }
        return cached.clone();
    }

    /** Coordinates selected per step. */
    public int size() {
        return sampler.maskSize();
    }
}
