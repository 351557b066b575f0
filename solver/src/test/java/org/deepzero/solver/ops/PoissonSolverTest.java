package org.deepzero.solver.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.deepzero.solver.grid.FlowBoundaries;
import org.deepzero.solver.grid.FluidMask;
import org.deepzero.solver.grid.SideBoundary;
import org.deepzero.solver.grid.StaggeredGrid;
import org.deepzero.solver.mesh.Obstacle;
import org.junit.jupiter.api.Test;

class PoissonSolverTest {
    private static final Obstacle CYLINDER = new Obstacle.Circle(0.5, 0.5, 0.0625);
    private static final FlowBoundaries WAKE = FlowBoundaries.wake(SideBoundary.FREE_SLIP, 1.0);

    private static FluidMask cylinderMask(int nx, int ny) {
        return FluidMask.of(new StaggeredGrid(nx, ny, 2, 1), WAKE, CYLINDER::contains);
    }

    /** A smooth right-hand side plus seeded noise, projected by the solver onto the range. */
    private static double[] rhs(StaggeredGrid g, long seed) {
        Random rnd = new Random(seed);
        double[] b = new double[g.cellCount()];
        for (int j = 0; j < g.ny(); j++) {
            for (int i = 0; i < g.nx(); i++) {
                b[g.cell(i, j)] = Math.sin(3 * g.cellX(i)) * Math.cos(5 * g.cellY(j)) + 0.1 * rnd.nextGaussian();
            }
        }
        return b;
    }

    /**
     * Max error of the solution of {@code -lap p = b} against a known p*, with b the analytic
     * {@code -lap p*} sampled at cell centres (not the solver's own operator applied to p*).
     * Channel [0, 2] x [0, 1] (wake boundaries, no obstacle: Neumann at the inflow and the walls,
     * p = 0 at the outflow x = 2): {@code p* = cos(pi x / 4) cos(2 pi y)}, whose normal derivative
     * vanishes at x = 0, y = 0 and y = 1 and which is 0 at x = 2; the solution is unique.
     * Periodic box [0, 2 pi]^2: {@code p* = sin(x) cos(2 y) + cos(3 x)}, defined up to a constant.
     */
    private static double analyticError(int n, boolean periodic, double tol) {
        StaggeredGrid g = periodic ? new StaggeredGrid(n, n, 2 * Math.PI, 2 * Math.PI) : new StaggeredGrid(2 * n, n, 2, 1);
        FluidMask mask = FluidMask.allFluid(g, periodic ? FlowBoundaries.periodicBox(1.0) : WAKE);
        double[] exact = new double[g.cellCount()];
        double[] b = new double[g.cellCount()];
        for (int j = 0; j < g.ny(); j++) {
            for (int i = 0; i < g.nx(); i++) {
                double x = g.cellX(i), y = g.cellY(j);
                int c = g.cell(i, j);
                if (periodic) {
                    exact[c] = Math.sin(x) * Math.cos(2 * y) + Math.cos(3 * x);
                    b[c] = 5 * Math.sin(x) * Math.cos(2 * y) + 9 * Math.cos(3 * x);
                } else {
                    exact[c] = Math.cos(Math.PI * x / 4) * Math.cos(2 * Math.PI * y);
                    b[c] = (Math.PI * Math.PI / 16 + 4 * Math.PI * Math.PI) * exact[c];
                }
            }
        }
        PoissonSolver solver = new PoissonSolver(mask, tol, List.of());
        double[] x = new double[g.cellCount()];
        PoissonStats stats = solver.solve(b, null, x);
        assertTrue(stats.relativeResidual() <= tol * 1.01, "residual " + stats.relativeResidual());
        double mean = 0;   // periodic: the solution is defined up to a constant, compare with zero means
        for (int c = 0; periodic && c < x.length; c++) {
            mean += (x[c] - exact[c]) / x.length;
        }
        double err = 0;
        for (int c = 0; c < x.length; c++) {
            err = Math.max(err, Math.abs(x[c] - exact[c] - mean));
        }
        return err;
    }

    @Test
    void analyticSolutionIsRecoveredAtSecondOrder() {
        for (boolean periodic : new boolean[] {false, true}) {
            double e16 = analyticError(16, periodic, 1e-12);
            double e32 = analyticError(32, periodic, 1e-12);
            double e64 = analyticError(64, periodic, 1e-12);
            double order = Math.log(e32 / e64) / Math.log(2);
            System.out.printf("Poisson analytic %s: max error n=16 %.3e, 32 %.3e, 64 %.3e; observed order %.3f%n",
                    periodic ? "periodic box" : "channel", e16, e32, e64, order);
            // the 5-point cell-centred Laplacian with ghost-cell Neumann walls and a ghost-cell
            // Dirichlet outflow (p_ghost = -p_last) is second order
            assertTrue(order >= 1.9 && order <= 2.1, "observed order " + order);
            assertTrue(Math.log(e16 / e32) / Math.log(2) >= 1.9, "order between 16 and 32");
        }
    }

    /** An algebraic check, not of the discretisation: the solver inverts its own operator around a cylinder. */
    @Test
    void solverInvertsItsOperatorAroundACylinderToTolerance() {
        FluidMask mask = cylinderMask(64, 32);
        StaggeredGrid g = mask.grid();
        double tol = 1e-10;
        PoissonSolver solver = new PoissonSolver(mask, tol, List.of());
        // a discretisation-consistent manufactured solution: pick p*, set b = A p*, solve A p = b
        Random rnd = new Random(42);
        double[] exact = new double[g.cellCount()];
        double mean = 0;
        int fluid = 0;
        for (int c = 0; c < exact.length; c++) {
            if (!mask.isSolid(c)) {
                exact[c] = Math.cos(2 * Math.PI * (c % g.nx()) / g.nx()) + rnd.nextDouble();
                mean += exact[c];
                fluid++;
            }
        }
        for (int c = 0; c < exact.length; c++) {
            if (!mask.isSolid(c)) {
                exact[c] -= mean / fluid;
            }
        }
        double[] b = solver.applyOperator(exact);
        double[] x = new double[g.cellCount()];
        PoissonStats stats = solver.solve(b, null, x);
        double err = 0, scale = 0;
        for (int c = 0; c < x.length; c++) {
            err = Math.max(err, Math.abs(x[c] - exact[c]));
            scale = Math.max(scale, Math.abs(exact[c]));
        }
        System.out.printf("Poisson manufactured 64x32: %d iterations, relative residual %.2e, max error %.2e (|p*| %.2f)%n",
                stats.iterations(), stats.relativeResidual(), err, scale);
        assertTrue(stats.relativeResidual() <= tol * 1.01, "residual " + stats.relativeResidual());
        assertTrue(err / scale < 1e-6, "max error " + err);
    }

    @Test
    void iterationsStayRoughlyConstantUnderRefinement() {
        int[] counts = new int[3];
        int[][] sizes = {{64, 32}, {128, 64}, {256, 128}};
        for (int k = 0; k < sizes.length; k++) {
            FluidMask mask = cylinderMask(sizes[k][0], sizes[k][1]);
            AtomicInteger events = new AtomicInteger();
            PoissonProgress counter = (it, r) -> events.incrementAndGet();
            // never direct, so that the iteration is measured on the small grids too
            PoissonSolver solver = new PoissonSolver(mask, 1e-8, List.of(counter.asListener()), 0);
            double[] x = new double[mask.grid().cellCount()];
            PoissonStats stats = solver.solve(rhs(mask.grid(), 7), null, x);
            counts[k] = stats.iterations();
            assertEquals(stats.iterations(), events.get(), "listener sees every iteration");
            System.out.printf("Poisson %dx%d (%d levels): %d MG-PCG iterations to 1e-8%n",
                    sizes[k][0], sizes[k][1], solver.levels(), stats.iterations());
        }
        assertTrue(counts[2] <= counts[0] + 4, "iterations grew from " + counts[0] + " to " + counts[2]);
    }
}
