package org.deepzero.defense.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.deepzero.defense.denoise.Networks;
import org.junit.jupiter.api.Test;

/**
 * ZO-AE-DS's perturbations regenerated from stack positions are, bit for bit, the ones drawn straight
 * from the generator: per direction and sample, d Gaussians normalised to the unit sphere, in that
 * order; the generator is left where those draws leave it; CGE moves one latent coordinate of every
 * sample.
 */
class LatentPerturbationsTest {
    private static final int D = Networks.LATENT;

    @Test
    void rgeStacksAreTheDirectDrawsOnTheUnitSphereAndTheGeneratorEndsWhereThoseLeaveIt() {
        int b = 3;
        int q = 11; // a full stack of 8 and a partial one of 3
        double mu = 0.01;
        float[] z = new float[b * D];
        SplittableRandom zr = new SplittableRandom(5);
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) zr.nextGaussian();
        }
        SplittableRandom random = new SplittableRandom(42);
        LatentPerturbations p = LatentPerturbations.rge(z, b, mu, q, random);
        SplittableRandom direct = new SplittableRandom(42);
        assertEquals(2, p.stacks());
        for (int s = 0; s < p.stacks(); s++) {
            int n = p.groups(s);
            assertEquals(s == 0 ? 8 : 3, n);
            float[] u = p.directions(s);
            float[] stacked = p.stacked(s);
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < b; i++) {
                    double[] v = new double[D];
                    double norm = 0;
                    for (int c = 0; c < D; c++) {
                        v[c] = direct.nextGaussian();
                        norm += v[c] * v[c];
                    }
                    double inv = 1 / Math.sqrt(norm);
                    double sum = 0;
                    for (int c = 0; c < D; c++) {
                        int at = j * b * D + i * D + c;
                        assertEquals((float) (v[c] * inv), u[at]); // bit for bit
                        assertEquals((float) (z[i * D + c] + mu * u[at]), stacked[at]);
                        sum += (double) u[at] * u[at];
                    }
                    assertEquals(1.0, sum, 1e-6);
                }
            }
        }
        assertEquals(direct.nextLong(), random.nextLong());
    }

    @Test
    void cgeMovesCoordinateKOfEverySample() {
        int b = 2;
        float[] z = new float[b * D];
        for (int i = 0; i < z.length; i++) {
            z[i] = i * 1e-3f;
        }
        LatentPerturbations p = LatentPerturbations.cge(z, b, 0.5);
        assertEquals(D / LatentPerturbations.STACK, p.stacks());
        float[] stacked = p.stacked(3);
        for (int j = 0; j < 8; j++) {
            float[] expected = z.clone();
            for (int i = 0; i < b; i++) {
                expected[i * D + 24 + j] = (float) (z[i * D + 24 + j] + 0.5);
            }
            float[] got = java.util.Arrays.copyOfRange(stacked, j * b * D, (j + 1) * b * D);
            assertArrayEquals(expected, got);
        }
    }
}
