package org.deepzero.solver.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.deepzero.solver.grid.FlowBoundaries;
import org.deepzero.solver.grid.FluidMask;
import org.deepzero.solver.grid.SideBoundary;
import org.deepzero.solver.grid.StaggeredGrid;
import org.deepzero.solver.mesh.Obstacle;
import org.junit.jupiter.api.Test;

/**
 * The faster forms of the multigrid operations compute the same numbers, bit for bit, as the plain
 * cell-by-cell formulas: the sweep by colour ({@link SplitLevel}) and the natural-layout sweep over
 * regular runs against {@link PoissonLevel#gaussSeidelOrdered}, the residuals against the formula
 * {@code b - (diag x - e_c x_E - e_W x_W - n_c x_N - n_S x_S)} with wrapping neighbours, written out
 * here. Set-ups: a cylinder in a wake channel (outflow ground, solid cells, partly blocked coarse
 * faces on the coarser level) and a periodic box with a square obstacle (wrapping neighbours).
 */
class SplitLevelTest {
    private static List<PoissonLevel> levels() {
        FluidMask wake = FluidMask.of(new StaggeredGrid(64, 32, 2, 1), FlowBoundaries.wake(SideBoundary.FREE_SLIP, 1.0),
                new Obstacle.Circle(0.5, 0.5, 0.1)::contains);
        FluidMask box = FluidMask.of(new StaggeredGrid(32, 16, 2, 1), FlowBoundaries.periodicBox(1.0),
                (x, y) -> Math.abs(x - 1) < 0.2 && Math.abs(y - 0.5) < 0.15);
        List<PoissonLevel> ls = new ArrayList<>();
        for (FluidMask m : List.of(wake, box)) {
            PoissonLevel fine = PoissonSolver.fineLevel(m);
            ls.add(fine);
            ls.add(fine.coarsen());
        }
        return ls;
    }

    /** Seeded values, 0 on inactive cells (as a V-cycle holds them). */
    private static double[] values(PoissonLevel l, Random rnd, boolean zeroInactive) {
        double[] a = new double[l.size()];
        for (int c = 0; c < a.length; c++) {
            a[c] = zeroInactive && l.diag[c] == 0 ? 0 : rnd.nextGaussian();
        }
        return a;
    }

    /** A x by the formula, neighbours wrapping (closed faces have conductance 0). */
    private static double[] plainApply(PoissonLevel l, double[] x) {
        double[] y = new double[l.size()];
        for (int j = 0; j < l.ny; j++) {
            for (int i = 0; i < l.nx; i++) {
                int c = j * l.nx + i;
                int e = j * l.nx + (i + 1) % l.nx, w = j * l.nx + (i + l.nx - 1) % l.nx;
                int n = ((j + 1) % l.ny) * l.nx + i, s = ((j + l.ny - 1) % l.ny) * l.nx + i;
                y[c] = l.diag[c] * x[c] - l.east[c] * x[e] - l.east[w] * x[w] - l.north[c] * x[n] - l.north[s] * x[s];
            }
        }
        return y;
    }

    private static double[] plainResidual(PoissonLevel l, double[] x, double[] b) {
        double[] y = plainApply(l, x);
        double[] r = new double[l.size()];
        for (int c = 0; c < r.length; c++) {
            r[c] = b[c] - y[c];
        }
        return r;
    }

    private static double[] natural(SplitLevel s, SplitLevel.Vectors v, int n) {
        double[] out = new double[n];
        s.storeXAndDot(v, new double[n], out);
        return out;
    }

    @Test
    void sweepsByColourAndOverRegularRunsEqualTheCellByCellSweep() {
        Random rnd = new Random(12);
        for (PoissonLevel l : levels()) {
            double[] b = values(l, rnd, false);
            double[] reference = values(l, rnd, true);
            double[] runs = reference.clone();
            SplitLevel split = new SplitLevel(l);
            SplitLevel.Vectors v = new SplitLevel.Vectors(split);
            split.loadB(b, v);
            split.loadX(reference, v);
            int[] colours = {0, 1, 0, 1, 1, 0, 1, 0};
            for (int k = 0; k < colours.length; k++) {
                boolean forward = k < 4;
                l.gaussSeidelOrdered(reference, b, colours[k], forward);
                l.gaussSeidel(runs, b, colours[k], forward);
                split.gaussSeidel(v, colours[k]);
                assertArrayEquals(reference, runs, "natural sweep " + k + " on " + l.nx + "x" + l.ny);
                assertArrayEquals(reference, natural(split, v, l.size()),
                        "split sweep " + k + " on " + l.nx + "x" + l.ny);
            }
            assertTrue(l.inactive.length > 0, "the set-up has solid cells");
        }
    }

    @Test
    void firstSweepFromZeroEqualsASweepOfZero() {
        Random rnd = new Random(13);
        for (PoissonLevel l : levels()) {
            double[] b = values(l, rnd, false);
            b[l.size() / 2] = -0.0;   // b + 0 turns -0 into +0, as the general sweep does
            double[] reference = new double[l.size()];
            l.gaussSeidelOrdered(reference, b, 0, true);
            SplitLevel split = new SplitLevel(l);
            SplitLevel.Vectors v = new SplitLevel.Vectors(split);
            split.loadB(b, v);
            split.firstSweepFromZero(v);
            double[] got = natural(split, v, l.size());
            for (int c = 0; c < got.length; c++) {
                if (((c % l.nx + c / l.nx) & 1) == 0) {
                    assertEquals(Double.doubleToRawLongBits(reference[c]), Double.doubleToRawLongBits(got[c]),
                            "cell " + c);
                }
            }
        }
    }

    @Test
    void residualsEqualThePlainFormula() {
        Random rnd = new Random(14);
        for (PoissonLevel l : levels()) {
            double[] x = values(l, rnd, true), b = values(l, rnd, false);
            double[] expected = plainResidual(l, x, b);
            double[] natural = new double[l.size()];
            l.residual(x, b, natural);
            assertArrayEquals(expected, natural, "natural residual on " + l.nx + "x" + l.ny);
            double[] ax = new double[l.size()];
            double dot = l.applyAndDot(x, ax);
            double[] plainAx = plainApply(l, x);
            double plainDot = 0;
            for (int c = 0; c < ax.length; c++) {
                plainDot += x[c] * plainAx[c];
            }
            assertArrayEquals(plainAx, ax, "A x on " + l.nx + "x" + l.ny);
            assertEquals(plainDot, dot, 0.0, "x . A x summed in index order");
            SplitLevel split = new SplitLevel(l);
            SplitLevel.Vectors v = new SplitLevel.Vectors(split);
            split.loadB(b, v);
            split.loadX(x, v);
            split.residual(v);
            double[] got = new double[l.size()];
            for (int j = 0; j < l.ny; j++) {
                for (int i = 0; i < l.nx; i++) {
                    got[j * l.nx + i] = v.r[(i + j) & 1][j][i >> 1];
                }
            }
            assertArrayEquals(expected, got, "split residual on " + l.nx + "x" + l.ny);
        }
    }

    /** One solver instance serves several threads at once (scratch per thread) with the same numbers. */
    @Test
    void concurrentSolvesEqualASequentialSolve() throws Exception {
        FluidMask mask = FluidMask.of(new StaggeredGrid(64, 32, 2, 1), FlowBoundaries.wake(SideBoundary.FREE_SLIP, 1.0),
                new Obstacle.Circle(0.5, 0.5, 0.1)::contains);
        PoissonSolver solver = new PoissonSolver(mask);
        Random rnd = new Random(15);
        double[][] rhs = new double[8][mask.grid().cellCount()];
        double[][] sequential = new double[8][];
        for (int k = 0; k < rhs.length; k++) {
            for (int c = 0; c < rhs[k].length; c++) {
                rhs[k][c] = rnd.nextGaussian();
            }
            sequential[k] = new double[rhs[k].length];
            solver.solve(rhs[k], null, sequential[k]);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> results = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (double[] b : rhs) {
                    results.add(pool.submit(() -> {
                        double[] x = new double[b.length];
                        solver.solve(b, null, x);
                        return x;
                    }));
                }
            }
            for (int k = 0; k < results.size(); k++) {
                assertArrayEquals(sequential[k % rhs.length], results.get(k).get(), "solve " + k);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
