package org.deepzero.cli;

import java.io.IOException;
import java.util.SplittableRandom;

/**
 * Runs a fuzz check a fixed number of times from a fixed seed, printing the seed. Each try draws from
 * its own random source split off the seed's, so what one try draws does not shift the next. A
 * failure names the seed and the try; {@code -Ddeepzero.fuzz.seed=N} replaces every test's seed to
 * reproduce (or vary) a run.
 */
final class SeededTries {
    /** The system property that overrides the fixed seeds. */
    static final String SEED_PROPERTY = "deepzero.fuzz.seed";

    private SeededTries() {
    }

    /** One try: draws its inputs from {@code r} and checks them. */
    @FunctionalInterface
    interface Try {
        void run(SplittableRandom r) throws IOException;
    }

    /** Runs {@code body} {@code tries} times from {@code seed} (or the property's seed). */
    static void run(String test, long seed, int tries, Try body) throws IOException {
        String override = System.getProperty(SEED_PROPERTY);
        long s = override == null || override.isBlank() ? seed : Long.parseLong(override.strip());
        System.out.printf("fuzz %s: seed %d, %d tries (-D%s=%d to reproduce)%n", test, s, tries, SEED_PROPERTY, s);
        SplittableRandom root = new SplittableRandom(s);
        for (int i = 0; i < tries; i++) {
            SplittableRandom r = root.split();
            try {
                body.run(r);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(test + " failed at try " + (i + 1) + " of " + tries + " with seed " + s
                        + " (-D" + SEED_PROPERTY + "=" + s + "): " + e.getMessage(), e);
            }
        }
    }
}
