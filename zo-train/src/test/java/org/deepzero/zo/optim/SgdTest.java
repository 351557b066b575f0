package org.deepzero.zo.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SgdTest {

    /**
     * Heavy-ball SGD on f(x) = a x² / 2: z_t = (x_t, b_{t-1}) evolves by M = [[1 - ηa, -ημ], [a, μ]].
     * For complex eigenvalues r e^{±iφ} the closed form is x_t = r^t (A cos tφ + B sin tφ), with A and B
     * fixed by x_0 and x_1.
     */
    @Test
    void heavyBallOnQuadraticMatchesClosedForm() {
        double a = 2.0;
        double eta = 0.1;
        double mu = 0.5;
        double x0 = 3.0;
        double trace = 1 - eta * a + mu;
        double det = (1 - eta * a) * mu + eta * mu * a;
        assertTrue(trace * trace < 4 * det, "test needs complex eigenvalues");
        double r = Math.sqrt(det);
        double phi = Math.acos(trace / (2 * r));
        double x1 = x0 - eta * a * x0;
        double coefA = x0;
        double coefB = (x1 / r - x0 * Math.cos(phi)) / Math.sin(phi);

        Sgd sgd = Sgd.builder(LearningRateSchedule.constant(eta)).momentum(mu).build();
        double[] x = {x0};
        for (int t = 1; t <= 60; t++) {
            sgd.step(x, new double[] {a * x[0]}, t - 1);
            double expected = Math.pow(r, t) * (coefA * Math.cos(t * phi) + coefB * Math.sin(t * phi));
            assertEquals(expected, x[0], 1e-12 * Math.max(1, Math.abs(x0)), "step " + t);
        }
    }

    @Test
    void plainSgdIsGradientStep() {
        Sgd sgd = Sgd.builder(LearningRateSchedule.constant(0.5)).build();
        double[] theta = {1, -2};
        sgd.step(theta, new double[] {0.2, 0.4}, 0);
        assertArrayEquals(new double[] {0.9, -2.2}, theta, 1e-15);
        assertEquals(0, sgd.state().bufferCount());
    }

    @Test
    void nesterovFirstStepsByHand() {
        double eta = 0.1;
        double mu = 0.9;
        Sgd sgd = Sgd.builder(LearningRateSchedule.constant(eta)).momentum(mu).nesterov(true).build();
        double[] x = {1.0};
        // f = x²/2, g = x. Step 1: b = g0, x1 = x0 - η (g0 + μ b)
        double g0 = 1.0;
        double b = g0;
        double x1 = 1.0 - eta * (g0 + mu * b);
        sgd.step(x, new double[] {x[0]}, 0);
        assertEquals(x1, x[0], 1e-15);
        double g1 = x1;
        b = mu * b + g1;
        double x2 = x1 - eta * (g1 + mu * b);
        sgd.step(x, new double[] {x[0]}, 1);
        assertEquals(x2, x[0], 1e-15);
    }

    @Test
    void l2WeightDecayIsAddedToGradient() {
        double lambda = 0.01;
        Sgd decayed = Sgd.builder(LearningRateSchedule.constant(0.1)).momentum(0.9)
                .weightDecay(lambda, WeightDecay.L2).build();
        Sgd plain = Sgd.builder(LearningRateSchedule.constant(0.1)).momentum(0.9).build();
        double[] a = {1.5, -0.5};
        double[] b = a.clone();
        for (int s = 0; s < 5; s++) {
            double[] g = {0.3 * a[0], -0.2 * a[1]};
            decayed.step(a, g, s);
            double[] gb = {0.3 * b[0] + lambda * b[0], -0.2 * b[1] + lambda * b[1]};
            plain.step(b, gb, s);
        }
        assertArrayEquals(b, a, 0.0);
    }

    @Test
    void decoupledWeightDecayShrinksBeforeStep() {
        Sgd sgd = Sgd.builder(LearningRateSchedule.constant(0.1)).weightDecay(0.5, WeightDecay.DECOUPLED).build();
        double[] theta = {2.0};
        sgd.step(theta, new double[] {1.0}, 0);
        assertEquals(2.0 * (1 - 0.1 * 0.5) - 0.1 * 1.0, theta[0], 1e-15);
    }

    @Test
    void dampeningScalesLaterGradients() {
        Sgd sgd = Sgd.builder(LearningRateSchedule.constant(1)).momentum(0.5).dampening(0.5).build();
        double[] x = {0};
        sgd.step(x, new double[] {1}, 0); // b = 1
        sgd.step(x, new double[] {1}, 1); // b = 0.5 + 0.5 = 1
        assertEquals(-2, x[0], 1e-15);
    }

    @Test
    void stateRestoreReplaysExactly() {
        Sgd a = Sgd.builder(LearningRateSchedule.cosine(0.1, 0, 20)).momentum(0.9).nesterov(true).build();
        double[] x = {1, 2, 3};
        for (int s = 0; s < 5; s++) {
            a.step(x, grad(x), s);
        }
        OptimizerState saved = a.state();
        double[] xSaved = x.clone();
        for (int s = 5; s < 10; s++) {
            a.step(x, grad(x), s);
        }
        Sgd b = Sgd.builder(LearningRateSchedule.cosine(0.1, 0, 20)).momentum(0.9).nesterov(true).build();
        b.restore(saved);
        assertEquals(5, b.state().updates());
        for (int s = 5; s < 10; s++) {
            b.step(xSaved, grad(xSaved), s);
        }
        assertArrayEquals(x, xSaved, 0.0);
    }

    @Test
    void rejectsBadArguments() {
        LearningRateSchedule lr = LearningRateSchedule.constant(0.1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sgd.builder(lr).momentum(1.5));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sgd.builder(lr).nesterov(true).build());
        assertThrows(IllegalArgumentException.class, () -> Sgd.builder(lr).weightDecay(-1, WeightDecay.L2));
        Sgd sgd = Sgd.builder(lr).build();
        assertThrows(IllegalArgumentException.class, () -> sgd.step(new double[2], new double[3], 0));
        Adam adam = Adam.builder(lr).build();
        adam.step(new double[2], new double[2], 0);
        e = assertThrows(IllegalArgumentException.class, () -> sgd.restore(adam.state()));
        assertTrue(e.getMessage().contains("adam"), e.getMessage());
    }

    private static double[] grad(double[] x) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            g[i] = (i + 1) * x[i];
        }
        return g;
    }
}
