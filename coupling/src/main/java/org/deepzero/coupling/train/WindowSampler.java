package org.deepzero.coupling.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deepzero.coupling.data.ReferenceSet;
import org.deepzero.coupling.rollout.Window;
import org.deepzero.solver.flow.FlowState;
import org.deepzero.common.Seeds;

/**
 * Draws the training windows of each step: a Reynolds number and a start frame k, uniformly, with the
 * n frames after k as targets; frames beyond the training range are never used. The draw is a
 * function of (seed, step), so a resumed run sees the same windows.
 */
public final class WindowSampler {
    private final ReferenceSet reference;
    private final double[] reynolds;
    private final int frames;
    private final int unroll;
    private final int windows;
    private final long seed;

    /**
     * @param reference reference trajectories
     * @param reynolds  training Reynolds numbers
     * @param frames    frames of each trajectory available to training
     * @param unroll    n
     * @param windows   windows per step
     * @param seed      seed of the draw
     */
    public WindowSampler(ReferenceSet reference, double[] reynolds, int frames, int unroll, int windows, long seed) {
        if (frames <= unroll) {
            throw new IllegalArgumentException("need more frames (" + frames + ") than unrolled steps (" + unroll + ")");
        }
        this.reference = reference;
        this.reynolds = reynolds.clone();
        this.frames = frames;
        this.unroll = unroll;
        this.windows = windows;
        this.seed = seed;
    }

    /** The windows of step {@code step}. */
    public List<Window> windows(int step) {
        SplittableRandom r = Seeds.forStep(seed ^ 0x57494e44L, step);
        List<Window> out = new ArrayList<>(windows);
        for (int w = 0; w < windows; w++) {
            double re = reynolds[r.nextInt(reynolds.length)];
            int k = r.nextInt(frames - unroll);
            List<FlowState> f = reference.frames(re);
            out.add(new Window(f.get(k), re, f.subList(k + 1, k + 1 + unroll)));
        }
        return out;
    }
}
