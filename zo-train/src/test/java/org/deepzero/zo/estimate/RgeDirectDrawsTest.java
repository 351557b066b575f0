package org.deepzero.zo.estimate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.param.ParameterSpace;
import org.deepzero.zo.query.LocalQueryExecutor;
import org.junit.jupiter.api.Test;

/**
 * RGE draws its directions from the generator's position ({@code SeededDirections}), so that they can
 * travel as a seed; every recorded number (ZO-GraSP's layer ratios, sol-rge runs) was made with
 * directions drawn straight from the generator. This test holds the two to bit equality: the gradient,
 * and where the generator is left for the caller's next draw.
 */
class RgeDirectDrawsTest {

    /** A smooth non-quadratic objective, so every direction's value differs. */
    private record Bumpy(ParameterSpace space) implements Objective {
        Bumpy(int d) {
            this(ParameterSpace.builder().add("theta", "bumpy", 0, d).build());
        }

        @Override
        public double value(double[] t) {
            double v = 0;
            for (int i = 0; i < t.length; i++) {
                v += Math.sin(1.3 * t[i] + i) + 0.1 * t[i] * t[i] * (i % 3);
            }
            return v;
        }
    }

    /** The RGE of before: each direction's Gaussians drawn straight from {@code random}, chunk after chunk. */
    private static double[] directRge(Objective f, double[] theta, int q, double mu, boolean unit, int[] subspace,
                                      SplittableRandom random) {
        int d = theta.length;
        double f0 = f.value(theta);
        double phi = unit ? (subspace == null ? d : subspace.length) : 1.0;
        double[] g = new double[d];
        for (int i = 0; i < q; i++) {
            double[] u = new double[d];
            if (subspace == null) {
                double norm = 0;
                for (int j = 0; j < d; j++) {
                    u[j] = random.nextGaussian();
                    norm += u[j] * u[j];
                }
                if (unit) {
                    double inv = 1.0 / Math.sqrt(norm);
                    for (int j = 0; j < d; j++) {
                        u[j] *= inv;
                    }
                }
            } else {
                double[] sub = new double[subspace.length];
                double norm = 0;
                for (int k = 0; k < sub.length; k++) {
                    sub[k] = random.nextGaussian();
                    norm += sub[k] * sub[k];
                }
                double scale = unit ? 1.0 / Math.sqrt(norm) : 1.0;
                for (int k = 0; k < sub.length; k++) {
                    u[subspace[k]] = sub[k] * scale;
                }
            }
            double[] p = theta.clone();
            for (int j = 0; j < d; j++) {
                p[j] += mu * u[j];
            }
            double w = phi / q * (f.value(p) - f0) / mu;
            for (int j = 0; j < d; j++) {
                g[j] += w * u[j];
            }
        }
        return g;
    }

    @Test
    void directionsAndGeneratorStateEqualDirectDrawsBitForBit() {
        int d = 23;
        Objective f = new Bumpy(d);
        double[] theta = new double[d];
        for (int i = 0; i < d; i++) {
            theta[i] = 0.1 * i - 1;
        }
        boolean[] selected = new boolean[d];
        for (int i = 0; i < d; i += 3) {
            selected[i] = true;
        }
        int[] sub = java.util.stream.IntStream.range(0, d).filter(i -> selected[i]).toArray();
        try (LocalQueryExecutor x = LocalQueryExecutor.serial()) {
            // q = 1 (one Gaussian per coordinate), and q = 37 over three chunks of 16
            for (int q : new int[] {1, 37}) {
                for (Rge.Directions dist : Rge.Directions.values()) {
                    boolean unit = dist == Rge.Directions.UNIT_SPHERE;
                    for (boolean restricted : new boolean[] {false, true}) {
                        Rge rge = restricted ? new Rge(q, 5e-3, dist).restrictedTo(selected) : new Rge(q, 5e-3, dist);
                        SplittableRandom ours = new SplittableRandom(77 + q);
                        SplittableRandom theirs = new SplittableRandom(77 + q);
                        double[] got = rge.estimate(f, theta, x, ours).gradient();
                        double[] want = directRge(f, theta, q, 5e-3, unit, restricted ? sub : null, theirs);
                        String what = "q=" + q + " " + dist + (restricted ? " restricted" : "");
                        assertArrayEquals(want, got, what);
                        assertEquals(theirs.nextLong(), ours.nextLong(), what + ": the generator is left elsewhere");
                    }
                }
            }
        }
    }
}
