package org.deepzero.solver.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.deepzero.solver.flow.WakeMemory;
import org.deepzero.solver.grid.FlowBoundaries;
import org.deepzero.solver.grid.FluidMask;
import org.deepzero.solver.grid.SideBoundary;
import org.deepzero.solver.grid.StaggeredGrid;
import org.deepzero.solver.mesh.Obstacle;
import org.junit.jupiter.api.Test;

/**
 * The direct pressure solve against the multigrid-preconditioned CG iteration run far below its
 * default tolerance, on the operators it serves: a cylinder in a channel with free-slip or periodic
 * sides (y-fast numbering), a tall channel (x-fast numbering), and where it must not be used.
 */
class BandedCholeskyTest {
    private static final Obstacle CYLINDER = new Obstacle.Circle(0.5, 0.5, 0.0625);

    private static FluidMask mask(int nx, int ny, double lx, double ly, SideBoundary sides) {
        return FluidMask.of(new StaggeredGrid(nx, ny, lx, ly), FlowBoundaries.wake(sides, 1.0), CYLINDER::contains);
    }

    /** Largest |direct - iterative| over largest |iterative|, and checks of the direct residual. */
    private static double againstIteration(FluidMask mask, int expectedBand) {
        PoissonLevel level = PoissonSolver.fineLevel(mask);
        BandedCholesky direct = BandedCholesky.factor(level, Long.MAX_VALUE);
        assertNotNull(direct);
        assertEquals(expectedBand, direct.band(), "half-bandwidth of the shorter numbering");
        int n = level.size();
        Random rnd = new Random(11);
        double[] b = new double[n];
        for (int c = 0; c < n; c++) {
            b[c] = level.diag[c] == 0 ? 0 : rnd.nextGaussian();
        }
        double[] x = new double[n];
        direct.solve(b, x);
        double[] iterated = new double[n];
        new PoissonSolver(mask, 1e-13, List.of(), 0).solve(b, null, iterated);
        double[] r = new double[n];
        level.residual(x, b, r);
        double rn = 0, bn = 0, diff = 0, scale = 0;
        for (int c = 0; c < n; c++) {
            rn += r[c] * r[c];
            bn += b[c] * b[c];
            diff = Math.max(diff, Math.abs(x[c] - iterated[c]));
            scale = Math.max(scale, Math.abs(iterated[c]));
            if (level.diag[c] == 0) {
                assertEquals(0.0, x[c], "solid cells stay 0");
            }
        }
        assertTrue(Math.sqrt(rn / bn) < 1e-12, "direct residual " + Math.sqrt(rn / bn));
        return diff / scale;
    }

    @Test
    void directSolveAgreesWithTheIterationAroundACylinder() {
        double freeSlip = againstIteration(mask(64, 32, 2, 1, SideBoundary.FREE_SLIP), 32);
        double periodic = againstIteration(mask(64, 32, 2, 1, SideBoundary.PERIODIC), 32);
        double tall = againstIteration(mask(24, 40, 1, 2, SideBoundary.FREE_SLIP), 24);
        System.out.printf("banded Cholesky against MG-PCG to 1e-13: free-slip %.1e, periodic sides %.1e, tall %.1e%n",
                freeSlip, periodic, tall);
        assertTrue(freeSlip < 1e-10 && periodic < 1e-10 && tall < 1e-10);
    }

    @Test
    void noFactorWhereTheOperatorIsSingularOrTheBandTooLarge() {
        StaggeredGrid box = new StaggeredGrid(16, 16, 1, 1);
        assertNull(BandedCholesky.factor(PoissonSolver.fineLevel(FluidMask.allFluid(box, FlowBoundaries.periodicBox(1.0))),
                Long.MAX_VALUE), "a periodic box has no ground");
        PoissonLevel wake = PoissonSolver.fineLevel(mask(64, 32, 2, 1, SideBoundary.FREE_SLIP));
        long stored = BandedCholesky.factor(wake, Long.MAX_VALUE).storedValues();
        assertTrue(stored > 1900 * 33 && stored < 2048 * 33, "fluid cells times 33: " + stored);
        long grid = 64L * 32 * 33;   // the limit counts the whole grid's band, a bound on the factor
        assertNull(BandedCholesky.factor(wake, grid - 1), "over the storage limit");
        assertNotNull(BandedCholesky.factor(wake, grid));
    }

    @Test
    void theMemoryEstimateBoundsTheFactor() {
        for (int[] size : new int[][] {{64, 32}, {128, 64}, {24, 40}}) {
            BandedCholesky f = BandedCholesky.factor(PoissonSolver.fineLevel(mask(size[0], size[1], size[0] / 32.0,
                    size[1] / 32.0, SideBoundary.FREE_SLIP)), PoissonSolver.DIRECT_MAX_VALUES);
            assertNotNull(f);
            assertTrue(8 * f.storedValues() <= WakeMemory.directFactorBytes(size[0], size[1]),
                    size[0] + "x" + size[1]);
        }
    }
}
