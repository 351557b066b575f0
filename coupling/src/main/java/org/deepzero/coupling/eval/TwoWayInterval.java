package org.deepzero.coupling.eval;

import org.hipparchus.distribution.continuous.TDistribution;

/**
 * The mean of a seeds x trajectories table of rollout errors and its 95% interval when both the
 * training seed and the test trajectory are random draws (a two-way random-effects model without
 * replication, x_st = m + a_s + b_t + e_st). The variance of the grand mean is
 * {@code sigma_a^2 / S + sigma_b^2 / T + sigma_e^2 / (S T)}, estimated from the ANOVA mean squares as
 * {@code (max(0, MS_seed - MS_res) + max(0, MS_traj - MS_res) + MS_res) / (S T)} (negative variance
 * components set to zero), with Satterthwaite's degrees of freedom for the Student-t quantile.
 * With one seed it is the ordinary t interval over trajectories, with one trajectory the one over
 * seeds: a single-seed run keeps the interval it always had.
 *
 * @param mean         the grand mean
 * @param halfWidth95  half-width of the two-sided 95% interval (0 with a single sample)
 * @param dof          the degrees of freedom of the t quantile (NaN with a single sample)
 * @param seeds        S, the independent training runs behind the mean
 * @param trajectories T, the test rollouts per seed
 */
public record TwoWayInterval(double mean, double halfWidth95, double dof, int seeds, int trajectories) {

    /**
     * @param x {@code x[s][t]}: the error of seed s on test rollout t; every row equally long
     * @return the mean and its interval
     */
    public static TwoWayInterval of(double[][] x) {
        int s = x.length;
        int t = s == 0 ? 0 : x[0].length;
        if (s == 0 || t == 0) {
            throw new IllegalArgumentException("need at least one seed and one trajectory");
        }
        double[] rowMean = new double[s];
        double[] colMean = new double[t];
        double grand = 0;
        for (int i = 0; i < s; i++) {
            if (x[i].length != t) {
                throw new IllegalArgumentException("seed " + i + " has " + x[i].length + " rollouts, seed 0 has " + t);
            }
            for (int j = 0; j < t; j++) {
                rowMean[i] += x[i][j] / t;
                colMean[j] += x[i][j] / s;
                grand += x[i][j] / ((double) s * t);
            }
        }
        if (s == 1 || t == 1) {
            // the one-way t interval, computed as MethodErrors always has
            double[] v = s == 1 ? x[0] : colOf(x);
            double mean = java.util.Arrays.stream(v).average().orElse(Double.NaN);
            return new TwoWayInterval(mean, MethodErrors.halfWidth95(v), v.length > 1 ? v.length - 1 : Double.NaN, s, t);
        }
        double ssSeed = 0, ssTraj = 0, ssRes = 0;
        for (int i = 0; i < s; i++) {
            ssSeed += t * (rowMean[i] - grand) * (rowMean[i] - grand);
        }
        for (int j = 0; j < t; j++) {
            ssTraj += s * (colMean[j] - grand) * (colMean[j] - grand);
        }
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < t; j++) {
                double r = x[i][j] - rowMean[i] - colMean[j] + grand;
                ssRes += r * r;
            }
        }
        int dfSeed = s - 1, dfTraj = t - 1, dfRes = (s - 1) * (t - 1);
        double msSeed = ssSeed / dfSeed, msTraj = ssTraj / dfTraj, msRes = ssRes / dfRes;
        double n = (double) s * t;
        // the variance of the mean as a sum of mean-square terms c_i MS_i / n, for Satterthwaite
        double[] terms;
        int[] dfs;
        boolean seedPart = msSeed > msRes, trajPart = msTraj > msRes;
        if (seedPart && trajPart) {
            terms = new double[] {msSeed, msTraj, -msRes};
            dfs = new int[] {dfSeed, dfTraj, dfRes};
        } else if (seedPart) {
            terms = new double[] {msSeed};
            dfs = new int[] {dfSeed};
        } else if (trajPart) {
            terms = new double[] {msTraj};
            dfs = new int[] {dfTraj};
        } else {
            terms = new double[] {msRes};
            dfs = new int[] {dfRes};
        }
        double var = 0, denom = 0;
        for (int i = 0; i < terms.length; i++) {
            var += terms[i];
            denom += terms[i] * terms[i] / dfs[i];
        }
        if (!(var > 0)) {
            return new TwoWayInterval(grand, 0, Double.NaN, s, t);
        }
        double dof = var * var / denom;
        return new TwoWayInterval(grand, quantile(dof) * Math.sqrt(var / n), dof, s, t);
    }

    private static double[] colOf(double[][] x) {
        double[] v = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            v[i] = x[i][0];
        }
        return v;
    }

    private static double quantile(double dof) {
        return new TDistribution(dof).inverseCumulativeProbability(0.975);
    }
}
