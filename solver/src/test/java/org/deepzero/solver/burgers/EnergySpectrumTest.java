package org.deepzero.solver.burgers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The kinetic energy spectrum against single modes and Parseval's theorem. */
class EnergySpectrumTest {
    private static final int N = 16;

    /** u = a sin(2π 3 x / L): all energy, a²/4 = mean of u²/2, in shell 3. */
    @Test
    void singleModeLandsInItsShell() {
        double a = 0.7;
        double[] u = new double[N * N], v = new double[N * N];
        for (int j = 0; j < N; j++) {
            for (int i = 0; i < N; i++) {
                u[j * N + i] = a * Math.sin(2 * Math.PI * 3 * (i + 0.5) / N);
                v[j * N + i] = 0.2 * Math.cos(2 * Math.PI * (4 * (i + 0.5) + 3 * (j + 0.5)) / N);
            }
        }
        double[] e = new EnergySpectrum(N).shells(u, v);
        assertEquals(a * a / 4, e[3], 1e-12);
        assertEquals(0.2 * 0.2 / 4, e[5], 1e-12); // |(4, 3)| = 5
        for (int k = 0; k < e.length; k++) {
            if (k != 3 && k != 5) {
                assertEquals(0, e[k], 1e-12, "shell " + k);
            }
        }
        Map<String, Double> bands = new EnergySpectrum(N).bands(e);
        assertEquals(a * a / 4, bands.get("E(k=2-3)"), 1e-12);
        assertEquals(0.01, bands.get("E(k=4-7)"), 1e-12);
    }

    /** For any field the shells (mean flow included) sum to the mean of (u² + v²) / 2. */
    @Test
    void shellsSumToTheMeanKineticEnergy() {
        SplittableRandom r = new SplittableRandom(7);
        double[] u = new double[N * N], v = new double[N * N];
        double mean = 0;
        for (int k = 0; k < u.length; k++) {
            u[k] = r.nextDouble(-1, 1);
            v[k] = r.nextDouble(-1, 1);
            mean += 0.5 * (u[k] * u[k] + v[k] * v[k]) / u.length;
        }
        double sum = 0;
        for (double s : new EnergySpectrum(N).shells(u, v)) {
            sum += s;
        }
        assertEquals(mean, sum, 1e-12);
    }
}
