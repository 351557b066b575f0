package org.deepzero.coupling.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The test errors of one method trained with several seeds, each evaluated on the same test
 * rollouts: the statistics the report gives, over seeds and rollouts together
 * ({@link TwoWayInterval}), on all rollouts or a subset (one test parameter set, the interpolation or
 * extrapolation ones). A method without seeds (SRC) has one entry. Immutable.
 *
 * @param method  the method's name
 * @param seeds   the seed replicates, e.g. {@code [0, 1, 2]}
 * @param perSeed the errors of each replicate, in the order of {@code seeds}, on the same rollouts
 */
public record ReplicatedErrors(String method, List<Integer> seeds, List<MethodErrors> perSeed) {
    public ReplicatedErrors {
        seeds = List.copyOf(seeds);
        perSeed = List.copyOf(perSeed);
        if (seeds.size() != perSeed.size() || perSeed.isEmpty()) {
            throw new IllegalArgumentException("need one error set per seed, got " + perSeed.size() + " for seeds "
                    + seeds);
        }
        for (MethodErrors e : perSeed) {
            if (!e.rollouts().equals(perSeed.get(0).rollouts())) {
                throw new IllegalArgumentException(method + ": every seed must be evaluated on the same rollouts");
            }
        }
    }

    /** A single-seed method (seed 0). */
    public static ReplicatedErrors single(MethodErrors errors) {
        return new ReplicatedErrors(errors.method(), List.of(0), List.of(errors));
    }

    /** The rollouts' labels. */
    public List<String> rollouts() {
        return perSeed.get(0).rollouts();
    }

    /** Indices of all rollouts. */
    public int[] all() {
        return java.util.stream.IntStream.range(0, rollouts().size()).toArray();
    }

    /** {@code [seed][i]}: the mean error of rollout {@code rollouts[i]} for each seed. */
    public double[][] matrix(int[] rollouts) {
        double[][] x = new double[perSeed.size()][rollouts.length];
        for (int s = 0; s < x.length; s++) {
            double[] means = perSeed.get(s).rolloutMeans();
            for (int i = 0; i < rollouts.length; i++) {
                x[s][i] = means[rollouts[i]];
            }
        }
        return x;
    }

    /** Mean error over seeds and the given rollouts, with its 95% interval over both. */
    public TwoWayInterval interval(int[] rollouts) {
        return TwoWayInterval.of(matrix(rollouts));
    }

    /**
     * The paired difference {@code this - other} on the given rollouts, seed by seed (a method of one
     * seed, such as SRC, is compared with every seed of the other), with its interval over seeds and
     * rollouts.
     */
    public TwoWayInterval pairedDifference(ReplicatedErrors other, int[] rollouts) {
        return TwoWayInterval.of(difference(other, rollouts));
    }

    /** The paired difference {@code this - other} for each seed alone: an interval over the rollouts. */
    public List<TwoWayInterval> pairedDifferencePerSeed(ReplicatedErrors other, int[] rollouts) {
        double[][] d = difference(other, rollouts);
        List<TwoWayInterval> out = new ArrayList<>();
        for (double[] row : d) {
            out.add(TwoWayInterval.of(new double[][] {row}));
        }
        return out;
    }

    private double[][] difference(ReplicatedErrors other, int[] rollouts) {
        if (!other.rollouts().equals(rollouts())) {
            throw new IllegalArgumentException("methods " + method + " and " + other.method
                    + " were evaluated on different rollouts");
        }
        double[][] a = matrix(rollouts);
        double[][] b = other.matrix(rollouts);
        if (a.length != b.length && a.length != 1 && b.length != 1) {
            throw new IllegalArgumentException(method + " has " + a.length + " seeds, " + other.method + " " + b.length);
        }
        int s = Math.max(a.length, b.length);
        double[][] d = new double[s][rollouts.length];
        for (int i = 0; i < s; i++) {
            double[] ai = a[a.length == 1 ? 0 : i];
            double[] bi = b[b.length == 1 ? 0 : i];
            for (int j = 0; j < rollouts.length; j++) {
                d[i][j] = ai[j] - bi[j];
            }
        }
        return d;
    }

    /** Error after each step, averaged over seeds and the given rollouts. */
    public double[] meanPerStep(int[] rollouts) {
        int steps = perSeed.get(0).steps();
        double[] out = new double[steps];
        int n = perSeed.size() * rollouts.length;
        for (MethodErrors e : perSeed) {
            for (int r : rollouts) {
                for (int k = 0; k < steps; k++) {
                    out[k] += e.stepMae()[r][k] / n;
                }
            }
        }
        return out;
    }

    /** Error after each step, averaged over seeds and all rollouts (one seed: {@link MethodErrors#meanPerStep}). */
    public double[] meanPerStep() {
        return perSeed.size() == 1 ? perSeed.get(0).meanPerStep() : meanPerStep(all());
    }
}
