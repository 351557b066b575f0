package org.deepzero.coupling.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Summary statistics of rollout errors against hand-computed values. */
class MethodErrorsTest {
    private static final List<String> ROLLOUTS = List.of("a", "b", "c");

    @Test
    void meansAndStudentInterval() {
        MethodErrors e = new MethodErrors("m", ROLLOUTS, new double[][] {{0, 2}, {1, 3}, {2, 4}});
        assertArrayEquals(new double[] {1, 3}, e.meanPerStep(), 1e-15);
        assertArrayEquals(new double[] {1, 2, 3}, e.rolloutMeans(), 1e-15);
        assertEquals(2, e.mean(), 1e-15);
        // rollout means 1, 2, 3: sd 1, t(0.975, 2 dof) = 4.302652729911275
        assertEquals(4.302652729911275 / Math.sqrt(3), e.halfWidth95(), 1e-9);
    }

    @Test
    void pairedDifferenceRemovesTheSharedSpread() {
        MethodErrors a = new MethodErrors("a", ROLLOUTS, new double[][] {{1}, {5}, {9}});
        MethodErrors b = new MethodErrors("b", ROLLOUTS, new double[][] {{2}, {6}, {10}});
        double[] d = a.pairedDifference(b);
        assertEquals(-1, d[0], 1e-15);
        assertEquals(0, d[1], 1e-15);
        MethodErrors other = new MethodErrors("c", List.of("x", "y", "z"), new double[][] {{1}, {1}, {1}});
        assertThrows(IllegalArgumentException.class, () -> a.pairedDifference(other));
    }

    /**
     * Welch's interval against a value computed independently: a = {1, 2, 3}, b = {2, 4, 6, 8};
     * variances of the means 1/3 and 5/3, Welch-Satterthwaite dof 4 / (1/18 + 25/27) = 4.0755,
     * t(0.975, 4.0755) = 2.756284874359572 (scipy.stats.t.ppf).
     */
    @Test
    void welchDifferenceMatchesAnIndependentComputation() {
        MethodErrors a = new MethodErrors("a", ROLLOUTS, new double[][] {{1}, {2}, {3}});
        MethodErrors b = new MethodErrors("b", List.of("w", "x", "y", "z"), new double[][] {{2}, {4}, {6}, {8}});
        double[] d = a.welchDifference(b);
        assertEquals(-3, d[0], 1e-15);
        assertEquals(2.756284874359572 * Math.sqrt(2), d[1], 1e-9);
        MethodErrors one = new MethodErrors("one", List.of("x"), new double[][] {{1}});
        assertEquals(Double.NaN, a.welchDifference(one)[1]);
    }

    /**
     * The Welch interval covers the true difference about 95% of the time for samples of unequal size
     * and spread (5 draws of sd 1 against 12 of sd 3, 4,000 seeded trials: binomial sd 0.34%).
     */
    @Test
    void welchIntervalHasItsNominalCoverage() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(20261130L);
        int trials = 4000, covered = 0;
        for (int t = 0; t < trials; t++) {
            MethodErrors a = sample("a", 5, 1.0, 1.0, r);
            MethodErrors b = sample("b", 12, 1.5, 3.0, r);
            double[] d = b.welchDifference(a);
            covered += Math.abs(d[0] - 0.5) <= d[1] ? 1 : 0;
        }
        assertEquals(0.95, covered / (double) trials, 0.012, covered + " of " + trials + " intervals cover");
    }

    private static MethodErrors sample(String name, int n, double mean, double sd, java.util.SplittableRandom r) {
        double[][] x = new double[n][1];
        java.util.List<String> labels = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            // Box-Muller: SplittableRandom has no nextGaussian on Java 17
            double u1 = 1 - r.nextDouble(), u2 = r.nextDouble();
            x[i][0] = mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
            labels.add(name + i);
        }
        return new MethodErrors(name, labels, x);
    }

    @Test
    void raggedRowsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new MethodErrors("m", List.of("a", "b"), new double[][] {{1, 2}, {1}}));
    }
}
