package org.deepzero.common;

import java.util.SplittableRandom;

/**
 * Derives independent random streams from a run seed and an index (a step, an epoch, a mask period),
 * so that any step's randomness can be recreated from (seed, index) alone. A resumed run therefore
 * replays exactly without saving generator state. The one seed derivation of the project.
 */
public final class Seeds {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    /** GOLDEN_GAMMA's inverse modulo 2^64 (it is odd): turns a distance between positions into draws. */
    private static final long GOLDEN_GAMMA_INVERSE = inverse(GOLDEN_GAMMA);

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

    /**
     * Where generator {@code random} stands, as a seed: {@code new SplittableRandom(position(random))}
     * draws exactly what {@code random} would have drawn from here on. So a stream's position travels as
     * one long and another JVM replays its draws bit for bit.
     * <p>
     * Consumes one {@code nextLong} of {@code random} (SplitMix64's output is a bijection of its state,
     * so one output reveals the state). Holds for generators made by {@code new SplittableRandom(long)},
     * as every generator of this project is ({@link #forStep}); a split one has another increment and
     * would be replayed as a different (still seeded) stream.
     */
    public static long position(SplittableRandom random) {
        return unmix64(random.nextLong()) - GOLDEN_GAMMA;
    }

    /**
     * Leaves {@code random}, whose position {@code from} was read by {@link #position} (which took one
     * draw), at position {@code to}: where drawing directly what was drawn from {@code from} on another
     * generator would have left it.
     */
    public static void advanceTo(SplittableRandom random, long from, long to) {
        for (long k = drawsBetween(from, to); k > 1; k--) {
            random.nextLong();
        }
    }

    /** The {@code nextLong} draws that take a generator from position {@code from} to position {@code to}. */
    public static long drawsBetween(long from, long to) {
        return (to - from) * GOLDEN_GAMMA_INVERSE;
    }

    /** Inverse of {@link #mix64}: each xor-shift and each odd multiplication undone in reverse order. */
    private static long unmix64(long z) {
        z = z ^ (z >>> 31) ^ (z >>> 62);
        z *= inverse(0x94d049bb133111ebL);
        z = z ^ (z >>> 27) ^ (z >>> 54);
        z *= inverse(0xbf58476d1ce4e5b9L);
        return z ^ (z >>> 30) ^ (z >>> 60);
    }

    /** Inverse of an odd number modulo 2^64 (Newton's iteration; each round doubles the correct bits). */
    private static long inverse(long odd) {
        long x = odd; // correct to 3 bits for any odd number
        for (int i = 0; i < 5; i++) {
            x *= 2 - odd * x;
        }
        return x;
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
