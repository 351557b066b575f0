package org.deepzero.coupling.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.hipparchus.distribution.continuous.TDistribution;
import org.junit.jupiter.api.Test;

/** The interval over seeds and trajectories against hand-computed ANOVA values and its coverage. */
class TwoWayIntervalTest {

    /** With one seed it is exactly the t interval over rollouts that single-seed reports always gave. */
    @Test
    void oneSeedIsTheOneWayInterval() {
        double[] x = {0.012, 0.019, 0.015, 0.031, 0.022};
        MethodErrors e = new MethodErrors("m", List.of("a", "b", "c", "d", "e"),
                new double[][] {{x[0]}, {x[1]}, {x[2]}, {x[3]}, {x[4]}});
        TwoWayInterval ci = TwoWayInterval.of(new double[][] {x});
        assertEquals(e.mean(), ci.mean(), 0.0);
        assertEquals(e.halfWidth95(), ci.halfWidth95(), 0.0);
        assertEquals(4, ci.dof());
        assertEquals(1, ci.seeds());
        assertEquals(5, ci.trajectories());
    }

    /**
     * x = [[1, 2], [3, 5]]: row means 1.5, 4; column means 2, 3.5; grand 2.75; MS_seed = 6.25,
     * MS_traj = 2.25, MS_res = 0.25; Var(mean) = (6.25 + 2.25 - 0.25) / 4 = 2.0625;
     * Satterthwaite dof = 8.25^2 / (6.25^2 + 2.25^2 + 0.25^2) = 1.54031.
     */
    @Test
    void twoByTwoMatchesHandComputedMeanSquares() {
        TwoWayInterval ci = TwoWayInterval.of(new double[][] {{1, 2}, {3, 5}});
        assertEquals(2.75, ci.mean(), 1e-15);
        double dof = 8.25 * 8.25 / (6.25 * 6.25 + 2.25 * 2.25 + 0.25 * 0.25);
        assertEquals(dof, ci.dof(), 1e-12);
        double t = new TDistribution(dof).inverseCumulativeProbability(0.975);
        assertEquals(t * Math.sqrt(2.0625), ci.halfWidth95(), 1e-12);
    }

    /**
     * Data drawn from the two-way random-effects model (seed effect sd 1, trajectory effect sd 2, noise
     * sd 0.5; 3 seeds x 5 trajectories): the interval covers the true mean about 95% of the time,
     * while treating the 15 values as independent samples covers it far less often.
     */
    @Test
    void coversTheTrueMeanUnderTheModel() {
        SplittableRandom r = new SplittableRandom(20261130L);
        int reps = 4000, s = 3, t = 5, covered = 0, naiveCovered = 0;
        for (int k = 0; k < reps; k++) {
            double[] a = new double[s], b = new double[t];
            for (int i = 0; i < s; i++) {
                a[i] = gauss(r);
            }
            for (int j = 0; j < t; j++) {
                b[j] = 2 * gauss(r);
            }
            double[][] x = new double[s][t];
            double[] flat = new double[s * t];
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < t; j++) {
                    x[i][j] = 10 + a[i] + b[j] + 0.5 * gauss(r);
                    flat[i * t + j] = x[i][j];
                }
            }
            TwoWayInterval ci = TwoWayInterval.of(x);
            if (Math.abs(ci.mean() - 10) <= ci.halfWidth95()) {
                covered++;
            }
            if (Math.abs(ci.mean() - 10) <= MethodErrors.halfWidth95(flat)) {
                naiveCovered++;
            }
        }
        double coverage = (double) covered / reps, naive = (double) naiveCovered / reps;
        assertTrue(coverage > 0.92 && coverage < 0.99, "coverage " + coverage);
        assertTrue(naive < 0.85, "naive coverage " + naive);
    }

    /** A method of one seed (SRC) is paired with every seed of the other; per-seed differences are one-way. */
    @Test
    void pairedDifferenceBroadcastsASingleSeedMethod() {
        List<String> rollouts = List.of("a", "b", "c");
        ReplicatedErrors src = ReplicatedErrors.single(new MethodErrors("src", rollouts, new double[][] {{4}, {5}, {6}}));
        ReplicatedErrors m = new ReplicatedErrors("m", List.of(0, 1), List.of(
                new MethodErrors("m", rollouts, new double[][] {{1}, {2}, {3}}),
                new MethodErrors("m", rollouts, new double[][] {{2}, {2}, {2}})));
        int[] all = m.all();
        TwoWayInterval d = m.pairedDifference(src, all);
        assertEquals(((1 - 4) + (2 - 5) + (3 - 6) + (2 - 4) + (2 - 5) + (2 - 6)) / 6.0, d.mean(), 1e-15);
        List<TwoWayInterval> perSeed = m.pairedDifferencePerSeed(src, all);
        assertEquals(-3, perSeed.get(0).mean(), 1e-15);
        assertEquals(0, perSeed.get(0).halfWidth95(), 1e-15);
        assertEquals(-3, perSeed.get(1).mean(), 1e-15);
        assertEquals(MethodErrors.halfWidth95(new double[] {-2, -3, -4}), perSeed.get(1).halfWidth95(), 1e-15);
        assertEquals(2, m.interval(new int[] {1}).seeds());
        assertEquals(2.0, m.interval(new int[] {1}).mean(), 1e-15);
    }

    private static double gauss(SplittableRandom r) {
        // Box-Muller from two uniforms: the project's generators are SplittableRandom
        double u = 1 - r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
