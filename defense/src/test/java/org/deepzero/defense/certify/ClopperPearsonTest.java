package org.deepzero.defense.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The one-sided Clopper-Pearson bound against an independent computation and a published value. */
class ClopperPearsonTest {

    /**
     * P(Bin(n, p) ≥ k), summed term by term from log factorials built by plain summation of logarithms
     * (no special functions, no Hipparchus): an independent route to the binomial tail.
     */
    static double upperTail(int k, int n, double p) {
        double[] logFact = new double[n + 1];
        for (int i = 1; i <= n; i++) {
            logFact[i] = logFact[i - 1] + Math.log(i);
        }
        double sum = 0;
        for (int j = k; j <= n; j++) {
            sum += Math.exp(logFact[n] - logFact[j] - logFact[n - j] + j * Math.log(p) + (n - j) * Math.log1p(-p));
        }
        return sum;
    }

    /** The p at which P(Bin(n, p) ≥ k) = α, by bisection (the tail grows with p). */
    static double bisect(int k, int n, double alpha) {
        double lo = 0;
        double hi = 1;
        for (int it = 0; it < 200; it++) {
            double mid = 0.5 * (lo + hi);
            if (upperTail(k, n, mid) < alpha) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    @Test
    void matchesBisectionOnTheBinomialTailTo1e9() {
        int[][] cases = {{1, 1}, {5, 10}, {9, 10}, {10, 10}, {60, 100}, {99, 100}, {100, 100}, {512, 1000},
            {990, 1000}, {1000, 1000}};
        for (double alpha : new double[] {0.001, 0.05}) {
            for (int[] c : cases) {
                double expected = bisect(c[0], c[1], alpha);
                assertEquals(expected, ClopperPearson.lowerBound(c[0], c[1], alpha), 1e-9,
                        "k=" + c[0] + " n=" + c[1] + " alpha=" + alpha);
            }
        }
    }

    @Test
    void allSuccessesGiveAlphaToTheOneOverN() {
        for (int n : new int[] {1, 7, 100, 1000, 10_000, 100_000}) {
            assertEquals(Math.pow(0.001, 1.0 / n), ClopperPearson.lowerBound(n, n, 0.001), 1e-9, "n=" + n);
        }
    }

    @Test
    void publishedExactInterval() {
        // exact (Clopper-Pearson) 95% two-sided interval for 5 successes in 10 trials: 0.1871 to 0.8129
        // (e.g. Agresti and Coull, Am. Stat. 1998, and every statistics package); its lower end is the
        // one-sided bound at α = 0.025
        assertEquals(0.1871, ClopperPearson.lowerBound(5, 10, 0.025), 5e-5);
        double[] ci = ClopperPearson.interval(5, 10, 0.95);
        assertEquals(0.1871, ci[0], 5e-5);
        assertEquals(0.8129, ci[1], 5e-5);
        // 0 of 10: [0, 1 − 0.025^(1/10)] = [0, 0.3085] (the upper end in closed form)
        double[] none = ClopperPearson.interval(0, 10, 0.95);
        assertEquals(0.0, none[0]);
        assertEquals(1 - Math.pow(0.025, 0.1), none[1], 1e-12);
    }

    @Test
    void noSuccessesGiveZeroAndBadArgumentsAreRefused() {
        assertEquals(0.0, ClopperPearson.lowerBound(0, 50, 0.001));
        assertThrows(IllegalArgumentException.class, () -> ClopperPearson.lowerBound(11, 10, 0.001));
        assertThrows(IllegalArgumentException.class, () -> ClopperPearson.lowerBound(1, 10, 0));
    }
}
