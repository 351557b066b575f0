package org.deepzero.solver.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SpectrumTest {
    @Test
    void recoversTheFrequencyOfANoisySinusoidBetweenBins() {
        Random rnd = new Random(3);
        double dt = 0.02, f = 1.437;   // 12.3 periods in 428 samples: not on a DFT bin
        double[] x = new double[428];
        for (int k = 0; k < x.length; k++) {
            x[k] = 0.7 + Math.sin(2 * Math.PI * f * k * dt + 0.3) + 0.2 * Math.sin(2 * Math.PI * 3 * f * k * dt)
                    + 0.05 * rnd.nextGaussian();
        }
        double est = Spectrum.dominantFrequency(x, dt);
        System.out.printf("spectral peak %.5f for a sinusoid at %.5f%n", est, f);
        assertEquals(f, est, 0.002 * f);
        assertEquals(f * 0.125 / 1.0, Spectrum.strouhal(x, dt, 0.125, 1.0), 0.002 * f * 0.125);
    }
}
