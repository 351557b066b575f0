package org.deepzero.coupling.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deepzero.coupling.data.ReferenceSet;
import org.deepzero.coupling.rollout.Window;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.common.Seeds;

/**
 * Draws the training windows of each step: a parameter set and a start frame k, uniformly, with the
 * n frames after k as targets; frames beyond the training range are never used. The draw is a
 * function of (seed, step), so a resumed run sees the same windows.
 *
 * @param <S> the PDE's state type
 */
public final class WindowSampler<S> {
    private final ReferenceSet<S> reference;
    private final List<CaseParameters> parameters;
    private final int frames;
    private final int unroll;
    private final int windows;
    private final long seed;

    /**
     * @param reference reference trajectories
     * @param parameters training parameter sets
     * @param frames    frames of each trajectory available to training
     * @param unroll    n
     * @param windows   windows per step
     * @param seed      seed of the draw
     */
    public WindowSampler(ReferenceSet<S> reference, List<CaseParameters> parameters, int frames, int unroll, int windows, long seed) {
        if (frames <= unroll) {
            throw new IllegalArgumentException("need more frames (" + frames + ") than unrolled steps (" + unroll + ")");
        }
        this.reference = reference;
        this.parameters = List.copyOf(parameters);
        this.frames = frames;
        this.unroll = unroll;
        this.windows = windows;
        this.seed = seed;
    }

    /** Which windows step {@code step} draws: a parameter set and a start frame each. */
    public List<Pick> picks(int step) {
        SplittableRandom r = Seeds.forStep(seed ^ 0x57494e44L, step);
        List<Pick> out = new ArrayList<>(windows);
        for (int w = 0; w < windows; w++) {
            CaseParameters p = parameters.get(r.nextInt(parameters.size()));
            out.add(new Pick(p, r.nextInt(frames - unroll)));
        }
        return out;
    }

    /** The windows of step {@code step}. */
    public List<Window<S>> windows(int step) {
        return windows(reference, picks(step), unroll);
    }

    /** The windows {@code picks} name: each start frame k with the {@code unroll} frames after it as targets. */
    public static <S> List<Window<S>> windows(ReferenceSet<S> reference, List<Pick> picks, int unroll) {
        List<Window<S>> out = new ArrayList<>(picks.size());
        for (Pick pick : picks) {
            List<S> f = reference.frames(pick.parameters());
            int k = pick.frame();
            out.add(new Window<>(f.get(k), pick.parameters(), f.subList(k + 1, k + 1 + unroll)));
        }
        return out;
    }

    /** One drawn window: parameter set and start frame. */
    public record Pick(CaseParameters parameters, int frame) {
        public Pick {
            java.util.Objects.requireNonNull(parameters, "parameters");
            if (frame < 0) {
                throw new IllegalArgumentException("negative start frame " + frame);
            }
        }
    }
}
