package org.deepzero.defense.certify;

import org.hipparchus.distribution.continuous.BetaDistribution;

/**
 * The one-sided Clopper-Pearson lower confidence bound of a binomial proportion (Clopper and Pearson,
 * Biometrika 1934): the largest p with P(Bin(n, p) ≥ k) ≤ α, which is the α-quantile of
 * Beta(k, n − k + 1), and 0 when k = 0. With probability at least 1 − α it lies below the true p.
 * This is {@code LowerConfBound} of Cohen et al.'s CERTIFY ({@code proportion_confint(k, n, 2α, "beta")[0]}).
 */
public final class ClopperPearson {
    // absolute accuracy of Hipparchus' quantile search; far below the 1e-9 the tests ask for
    private static final double INVERSE_ACCURACY = 1e-14;

    private ClopperPearson() {
    }

    /**
     * @param successes k, 0 ≤ k ≤ n
     * @param trials    n ≥ 1
     * @param alpha     the error probability, in (0, 1)
     * @return the lower bound p_lower with P(p ≥ p_lower) ≥ 1 − α
     */
    public static double lowerBound(long successes, long trials, double alpha) {
        if (trials < 1 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("need 0 <= successes <= trials and trials >= 1, got " + successes
                    + " of " + trials);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must lie in (0, 1), got " + alpha);
        }
        if (successes == 0) {
            return 0.0;
        }
        return new BetaDistribution(successes, trials - successes + 1, INVERSE_ACCURACY)
                .inverseCumulativeProbability(alpha);
    }

    /**
     * The two-sided Clopper-Pearson interval at confidence 1 − 2α' with α' = (1 − confidence)/2 on each
     * side: [lower bound at α', 1 − lower bound of the failures at α'].
     *
     * @return {lower, upper}
     */
    public static double[] interval(long successes, long trials, double confidence) {
        double tail = (1 - confidence) / 2;
        return new double[] {lowerBound(successes, trials, tail), 1 - lowerBound(trials - successes, trials, tail)};
    }
}
