package org.deepzero.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeedsTest {
    private static final long GAMMA = 0x9e3779b97f4a7c15L;

    /**
     * The JDK's SplittableRandom seeded with s returns SplitMix64's finaliser of s + gamma as its first
     * value, so mix(seed, index) can be recomputed from the JDK alone.
     */
    @Test
    void mixIsSplitMix64OfTheMixedSeedPlusAWeylStep() {
        for (long seed : new long[] {0, 1, 42, -7, Long.MAX_VALUE}) {
            long z = new SplittableRandom((seed ^ 0x5851f42d4c957f2dL) - GAMMA).nextLong();
            for (long index : new long[] {0, 1, 2, 99, 1L << 40}) {
                long expected = new SplittableRandom(z + GAMMA * index).nextLong();
                assertEquals(expected, Seeds.mix(seed, index), "seed " + seed + " index " + index);
            }
        }
    }

    @Test
    void neighbouringSeedsAndStepsGiveUnrelatedStreams() {
        assertNotEquals(Seeds.mix(1, 0), Seeds.mix(2, 0));
        assertNotEquals(Seeds.mix(1, 0), Seeds.mix(1, 1));
        assertEquals(new SplittableRandom(Seeds.mix(5, 3)).nextLong(), Seeds.forStep(5, 3).nextLong());
    }

    /** A generator's position replays its draws (gaussians included) exactly, after any number of draws. */
    @Test
    void positionReplaysTheGeneratorFromWhereItStands() {
        for (long seed : new long[] {0, 3, -1, Long.MIN_VALUE, Seeds.mix(9, 4)}) {
            assertEquals(seed, Seeds.position(new SplittableRandom(seed)), "a fresh generator stands at its seed");
            SplittableRandom a = new SplittableRandom(seed);
            SplittableRandom b = new SplittableRandom(seed);
            for (int i = 0; i < 37; i++) {
                a.nextGaussian();
                b.nextGaussian();
            }
            SplittableRandom replay = new SplittableRandom(Seeds.position(a));
            for (int i = 0; i < 100; i++) {
                assertEquals(Double.doubleToRawLongBits(b.nextGaussian()), Double.doubleToRawLongBits(replay.nextGaussian()));
            }
        }
    }

    /** The draws between two positions count the generator's nextLong calls (also across the sign wrap). */
    @Test
    void drawsBetweenPositionsCountsNextLongCalls() {
        for (long seed : new long[] {1, -GAMMA, Long.MAX_VALUE}) {
            long from = Seeds.position(new SplittableRandom(seed));
            SplittableRandom r = new SplittableRandom(from);
            for (int i = 0; i < 1234; i++) {
                r.nextLong();
            }
            assertEquals(1234, Seeds.drawsBetween(from, Seeds.position(r)));
        }
    }
}
