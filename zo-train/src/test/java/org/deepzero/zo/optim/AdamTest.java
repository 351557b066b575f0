package org.deepzero.zo.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AdamTest {

    @Test
    void firstStepMovesByLearningRateTimesSign() {
        // m̂_1 = g, v̂_1 = g², so θ_1 = θ_0 - η g / (|g| + ε)
        Adam adam = Adam.builder(LearningRateSchedule.constant(0.01)).build();
        double[] theta = {1.0, -1.0, 0.5};
        double[] g = {3.0, -0.002, 40.0};
        adam.step(theta, g, 0);
        for (int i = 0; i < 3; i++) {
            double expected = new double[] {1.0, -1.0, 0.5}[i] - 0.01 * g[i] / (Math.abs(g[i]) + 1e-8);
            assertEquals(expected, theta[i], 1e-15);
        }
    }

    @Test
    void firstThreeStepsEqualTheFormula() {
        double eta = 0.05;
        double b1 = 0.8;
        double b2 = 0.95;
        double eps = 1e-6;
        Adam adam = Adam.builder(LearningRateSchedule.constant(eta)).betas(b1, b2).epsilon(eps).build();
        double[] theta = {2.0};
        double x = 2.0;
        double m = 0;
        double v = 0;
        for (int t = 1; t <= 3; t++) {
            double g = 3 * x * x; // gradient of x³
            m = b1 * m + (1 - b1) * g;
            v = b2 * v + (1 - b2) * g * g;
            double mHat = m / (1 - Math.pow(b1, t));
            double vHat = v / (1 - Math.pow(b2, t));
            x -= eta * mHat / (Math.sqrt(vHat) + eps);
            adam.step(theta, new double[] {3 * theta[0] * theta[0]}, t - 1);
            assertEquals(x, theta[0], 1e-13, "step " + t);
        }
    }

    @Test
    void decoupledAndL2WeightDecay() {
        Adam adamW = Adam.builder(LearningRateSchedule.constant(0.1)).weightDecay(0.2, WeightDecay.DECOUPLED).build();
        double[] theta = {1.0};
        adamW.step(theta, new double[] {0.5}, 0);
        assertEquals(1.0 * (1 - 0.1 * 0.2) - 0.1 * 0.5 / (0.5 + 1e-8), theta[0], 1e-15);

        Adam adamL2 = Adam.builder(LearningRateSchedule.constant(0.1)).weightDecay(0.2, WeightDecay.L2).build();
        double[] t2 = {1.0};
        adamL2.step(t2, new double[] {-0.1}, 0); // g = -0.1 + 0.2 = 0.1
        assertEquals(1.0 - 0.1 * 0.1 / (0.1 + 1e-8), t2[0], 1e-15);
    }

    @Test
    void stateRestoreReplaysExactly() {
        Adam a = Adam.builder(LearningRateSchedule.step(0.1, 3, 0.5)).build();
        double[] x = {1, -2, 3};
        for (int s = 0; s < 4; s++) {
            a.step(x, new double[] {x[0], 2 * x[1], x[2] * x[2]}, s);
        }
        OptimizerState saved = a.state();
        double[] y = x.clone();
        for (int s = 4; s < 9; s++) {
            a.step(x, new double[] {x[0], 2 * x[1], x[2] * x[2]}, s);
        }
        Adam b = Adam.builder(LearningRateSchedule.step(0.1, 3, 0.5)).build();
        b.restore(saved);
        for (int s = 4; s < 9; s++) {
            b.step(y, new double[] {y[0], 2 * y[1], y[2] * y[2]}, s);
        }
        assertArrayEquals(x, y, 0.0);
        assertEquals(9, a.state().updates());
    }
}
