package org.deepzero.common;

import java.util.SplittableRandom;

/**
 * Derives independent random streams from a run seed and an index (a step, an epoch, a mask period),
 * so that any step's randomness can be recreated from (seed, index) alone. A resumed run therefore
 * replays exactly without saving generator state. The one seed derivation of the project.
 */
public final class Seeds {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private Seeds() {
    }

    /**
     * A well-mixed 64-bit value from {@code (seed, index)}: SplitMix64's finaliser (Steele, Lea and
     * Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014) applied to the seed, then
     * again after adding a Weyl increment per index. Neighbouring seeds and indices give unrelated values.
     */
    public static long mix(long seed, long index) {
        long z = mix64(seed ^ 0x5851f42d4c957f2dL);
        return mix64(z + GOLDEN_GAMMA * (index + 1));
    }

    /** The generator for 0-based step {@code step} of a run with seed {@code seed}. */
    public static SplittableRandom forStep(long seed, int step) {
        if (step < 0) {
            throw new IllegalArgumentException("negative step index " + step);
        }
        return new SplittableRandom(mix(seed, step));
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
