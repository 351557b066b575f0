package org.deepzero.coupling.eval;

import java.util.Arrays;
import java.util.List;
import org.hipparchus.distribution.continuous.TDistribution;
import org.hipparchus.stat.StatUtils;

/**
 * Per-step errors of one method over a set of test rollouts (one rollout per start frame and
 * Reynolds number), with the summary statistics the report shows. Immutable.
 *
 * @param method   the method's name ({@code src}, {@code non}, {@code sol-zo}, ...)
 * @param rollouts the rollouts' labels, e.g. {@code "Re=120 frame=40"}, in row order
 * @param stepMae  {@code stepMae[r][k]}: mean absolute velocity error of rollout r after step k+1
 */
public record MethodErrors(String method, List<String> rollouts, double[][] stepMae) {

    public MethodErrors {
        rollouts = List.copyOf(rollouts);
        if (stepMae.length != rollouts.size() || stepMae.length == 0) {
            throw new IllegalArgumentException("need one error row per rollout, got " + stepMae.length
                    + " rows for " + rollouts.size() + " rollouts");
        }
        double[][] copy = new double[stepMae.length][];
        for (int r = 0; r < stepMae.length; r++) {
            if (stepMae[r].length != stepMae[0].length) {
                throw new IllegalArgumentException("rollout " + r + " has " + stepMae[r].length
                        + " steps, rollout 0 has " + stepMae[0].length);
            }
            copy[r] = stepMae[r].clone();
        }
        stepMae = copy;
    }

    /** Number of steps per rollout. */
    public int steps() {
        return stepMae[0].length;
    }

    /** Error after each step, averaged over rollouts. */
    public double[] meanPerStep() {
        double[] out = new double[steps()];
        for (double[] row : stepMae) {
            for (int k = 0; k < out.length; k++) {
                out[k] += row[k] / stepMae.length;
            }
        }
        return out;
    }

    /** The mean over its steps of each rollout's error. */
    public double[] rolloutMeans() {
        return Arrays.stream(stepMae).mapToDouble(r -> Arrays.stream(r).average().orElse(Double.NaN)).toArray();
    }

    /** Mean error over all rollouts and steps. */
    public double mean() {
        return Arrays.stream(rolloutMeans()).average().orElse(Double.NaN);
    }

    /**
     * Half-width of the two-sided 95% Student-t confidence interval of {@link #mean()}, treating the
     * rollouts' mean errors as independent samples; 0 for a single rollout.
     */
    public double halfWidth95() {
        return halfWidth95(rolloutMeans());
    }

    /** Half-width of the 95% t interval of the mean of {@code samples}. */
    public static double halfWidth95(double[] samples) {
        int n = samples.length;
        if (n < 2) {
            return 0;
        }
        // the variance about the mean as the report computes it (Hipparchus' own mean can differ in the last bit)
        double mean = Arrays.stream(samples).average().orElse(Double.NaN);
        double sd = Math.sqrt(StatUtils.variance(samples, mean));
        double t = new TDistribution(n - 1).inverseCumulativeProbability(0.975);
        return t * sd / Math.sqrt(n);
    }

    /**
     * Mean and 95% half-width of {@code this - other} for rollouts that are not the same (other test
     * parameters or start frames): Welch's unequal-variance t interval over the two sets of rollout
     * means, with the Welch-Satterthwaite degrees of freedom. The half-width is NaN when either side
     * has a single rollout (no spread to estimate).
     */
    public double[] welchDifference(MethodErrors other) {
        double[] a = rolloutMeans();
        double[] b = other.rolloutMeans();
        double meanA = Arrays.stream(a).average().orElse(Double.NaN);
        double meanB = Arrays.stream(b).average().orElse(Double.NaN);
        double diff = meanA - meanB;
        if (a.length < 2 || b.length < 2) {
            return new double[] {diff, Double.NaN};
        }
        double va = StatUtils.variance(a, meanA) / a.length, vb = StatUtils.variance(b, meanB) / b.length;
        double se2 = va + vb;
        if (se2 == 0) {
            return new double[] {diff, 0};
        }
        double dof = se2 * se2 / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
        double t = new TDistribution(dof).inverseCumulativeProbability(0.975);
        return new double[] {diff, t * Math.sqrt(se2)};
    }

    /**
     * Mean and 95% half-width of the paired difference {@code this - other} over the same rollouts:
     * the right test of "better than" when both methods ran from the same start frames.
     */
    public double[] pairedDifference(MethodErrors other) {
        if (!other.rollouts.equals(rollouts)) {
            throw new IllegalArgumentException("methods " + method + " and " + other.method
                    + " were evaluated on different rollouts");
        }
        double[] a = rolloutMeans();
        double[] b = other.rolloutMeans();
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = a[i] - b[i];
        }
        return new double[] {Arrays.stream(d).average().orElse(Double.NaN), halfWidth95(d)};
    }
}
