package org.deepzero.zo.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.SplittableRandom;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.param.ParameterSpace;
import org.deepzero.zo.query.LocalQueryExecutor;
import org.junit.jupiter.api.Test;

class GradientEnergyTest {
    // layer "a": 4 + 2 coordinates (two segments), layer "b": 6
    static final ParameterSpace SPACE = LayerRatiosTest.SPACE;

    /** f(θ) = Σ c_i θ_i²/2 + b_i θ_i: ∇f_i = c_i θ_i + b_i, known exactly. */
    static final class Separable implements Objective {
        final double[] c = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        final double[] b = {0.5, -1, 2, 0, 1, -2, 3, 0.1, -0.4, 2.5, 1.5, -3};

        @Override
        public ParameterSpace space() {
            return SPACE;
        }

        @Override
        public double value(double[] t) {
            double v = 0;
            for (int i = 0; i < t.length; i++) {
                v += c[i] * t[i] * t[i] / 2 + b[i] * t[i];
            }
            return v;
        }

        double gradient(double[] t, int i) {
            return c[i] * t[i] + b[i];
        }
    }

    @Test
    void measuresEachLayersMeanSquaredGradient() {
        Separable f = new Separable();
        double[] theta = {0.3, -0.2, 0.1, 0.5, -0.7, 0.2, 0.0, 0.4, -0.1, 0.6, -0.3, 0.8};
        Map<String, Double> all = GradientEnergy.measure(f, theta, LocalQueryExecutor.serial(), 1.0, 1, 1e-6,
                new SplittableRandom(1));
        // "a" holds coordinates 0-3 and 10-11; "b" 4-9
        double a = 0;
        for (int i : new int[] {0, 1, 2, 3, 10, 11}) {
            a += Math.pow(f.gradient(theta, i), 2) / 6;
        }
        double b = 0;
        for (int i = 4; i < 10; i++) {
            b += Math.pow(f.gradient(theta, i), 2) / 6;
        }
        // forward differences err by c_i μ / 2 = 6e-6 at most per entry
        assertEquals(a, all.get("a"), 1e-4 * a);
        assertEquals(b, all.get("b"), 1e-4 * b);
        // a sample of half the coordinates: an unbiased mean over layers of equal entries
        double[] flat = new double[12];
        Map<String, Double> half = GradientEnergy.measure(new Objective() {
            @Override
            public ParameterSpace space() {
                return SPACE;
            }

            @Override
            public double value(double[] t) {
                return 2 * (t[0] + t[1] + t[2] + t[3] + t[10] + t[11]) + 3 * (t[4] + t[5] + t[6] + t[7] + t[8] + t[9]);
            }
        }, flat, LocalQueryExecutor.serial(), 0.5, 1, 1e-3, new SplittableRandom(2));
        assertEquals(4.0, half.get("a"), 1e-9);
        assertEquals(9.0, half.get("b"), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> GradientEnergy.measure(f, theta,
                LocalQueryExecutor.serial(), 0, 1, 1e-3, new SplittableRandom(3)));
    }

    @Test
    void ratiosFollowTheLayersShareOfTheSquaredGradient() {
        // a: 6 coordinates of mean square 1 -> energy 6; b: 6 of mean square 3 -> 18; budget 4 -> a 1, b 3
        LayerRatios r = LayerRatios.byGradientEnergy(SPACE, Map.of("a", 1.0, "b", 3.0), 4, 0.0);
        assertEquals(1, r.keptCount("a", 6));
        assertEquals(3, r.keptCount("b", 6));
        // the floor lifts a layer without signal; the cap stops at the whole layer
        LayerRatios floored = LayerRatios.byGradientEnergy(SPACE, Map.of("a", 0.0, "b", 3.0), 8, 1.0 / 6);
        assertEquals(1, floored.keptCount("a", 6));
        assertEquals(6, floored.keptCount("b", 6));
        // no signal anywhere: in proportion to size
        assertEquals(0.5, LayerRatios.byGradientEnergy(SPACE, Map.of("a", 0.0, "b", 0.0), 6, 0).keepRatio("a"), 0);
        assertThrows(IllegalArgumentException.class, () -> LayerRatios.byGradientEnergy(SPACE, Map.of("a", 1.0), 4, 0));
        assertThrows(IllegalArgumentException.class,
                () -> LayerRatios.byGradientEnergy(SPACE, Map.of("a", 1.0, "b", Double.NaN), 4, 0));
    }
}
