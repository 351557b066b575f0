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
}
