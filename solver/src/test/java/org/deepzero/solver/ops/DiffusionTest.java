package org.deepzero.solver.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deepzero.solver.grid.FlowBoundaries;
import org.deepzero.solver.grid.FluidMask;
import org.deepzero.solver.grid.StaggeredGrid;
import org.junit.jupiter.api.Test;

/**
 * Explicit diffusion against the exact amplification of forward Euler on the grid-scale mode: on a
 * periodic square grid the checkerboard {@code (-1)^(i+j)} is an eigenvector of the 5-point
 * Laplacian with eigenvalue {@code -8 / h^2}, so n sub-steps multiply it by
 * {@code (1 - 2 number / n)^n}, {@code number = nu dt (2/dx^2 + 2/dy^2)}. That factor must never be
 * negative: the flow step diffuses the pressure kicks of the last pressure, and the incremental
 * projection multiplies the old pressure by one minus it (see {@link Diffusion#MAX_SUBSTEP_NUMBER}).
 */
class DiffusionTest {
    private static final int N = 16;
    private static final double H = 1.0 / N;

    private static FaceVelocity checkerboard(StaggeredGrid g) {
        FaceVelocity f = FaceVelocity.zeros(g);
        for (int j = 0; j < N; j++) {
            for (int i = 0; i <= N; i++) {
                f.u[g.u(i, j)] = (i + j) % 2 == 0 ? 1 : -1;   // u[N] wraps to u[0]: N is even
            }
        }
        for (int j = 0; j <= N; j++) {
            for (int i = 0; i < N; i++) {
                f.v[g.v(i, j)] = (i + j) % 2 == 0 ? 1 : -1;
            }
        }
        return f;
    }

    @Test
    void gridScaleModeDecaysByTheExactFactorAndNeverChangesSign() {
        StaggeredGrid g = new StaggeredGrid(N, N, 1, 1);
        Diffusion diffusion = new Diffusion(FluidMask.allFluid(g, FlowBoundaries.periodicBox(1.0)));
        double dt = 0.01;
        // numbers below one half (one sub-step, as always), just above it (the Re 70 and 80 wake
        // references: 0.59, 0.51), and well above (several sub-steps, odd and even counts before)
        for (double number : new double[] {0.3, 0.5, 0.512, 0.585, 0.8, 1.3, 2.05}) {
            double nu = number / (dt * 4 / (H * H));
            int n = diffusion.substeps(nu, dt);
            double exact = Math.pow(1 - 2 * number / n, n);
            FaceVelocity out = diffusion.diffuse(checkerboard(g), nu, dt);
            double u = out.u[g.u(3, 5)] / ((3 + 5) % 2 == 0 ? 1 : -1);
            double v = out.v[g.v(6, 9)] / ((6 + 9) % 2 == 0 ? 1 : -1);
            assertEquals(exact, u, 1e-12, "u amplification at number " + number);
            assertEquals(exact, v, 1e-12, "v amplification at number " + number);
            assertTrue(u >= 0 && u <= 1, "number " + number + ": the grid-scale mode must decay without changing"
                    + " sign, amplification " + u + " with " + n + " sub-steps");
        }
    }

    @Test
    void oneSubStepUpToHalfTheForwardEulerLimit() {
        StaggeredGrid g = new StaggeredGrid(N, N, 1, 1);
        Diffusion diffusion = new Diffusion(FluidMask.allFluid(g, FlowBoundaries.periodicBox(1.0)));
        double dt = 0.01, perNumber = dt * 4 / (H * H);
        assertEquals(1, diffusion.substeps(0.5 / perNumber, dt), "number 0.5: one step (every stable run so far)");
        assertEquals(2, diffusion.substeps(0.51 / perNumber, dt), "number 0.51: two half steps");
        assertEquals(5, diffusion.substeps(2.05 / perNumber, dt), "number 2.05: five steps of 0.41");
    }
}
