package org.deepzero.solver.ops;

import java.util.ArrayList;
import java.util.List;

/**
 * One geometric multigrid V-cycle as the (inverse) preconditioner {@code z = M r} of conjugate
 * gradients: red-black Gauss-Seidel smoothing (two sweeps down, the adjoint two sweeps up),
 * restriction by averaging 2x2 cells, prolongation by injection (the transpose, up to a factor),
 * many symmetric sweeps on the coarsest level. The cycle is a fixed symmetric linear map, as CG
 * requires. Hipparchus has no multigrid, hence this class.
 *
 * <p>The hierarchy is built once per grid and is immutable; scratch arrays are per thread, so one
 * instance serves concurrent solves.
 */
final class MultigridPreconditioner {
    private static final int SMOOTHING_SWEEPS = 2;

    private final List<PoissonLevel> levels;
    private final int coarseSweeps;
    private final ThreadLocal<double[][][]> scratch;

    MultigridPreconditioner(PoissonLevel finest) {
        List<PoissonLevel> ls = new ArrayList<>();
        ls.add(finest);
        while (ls.get(ls.size() - 1).canCoarsen()) {
            ls.add(ls.get(ls.size() - 1).coarsen());
        }
        this.levels = List.copyOf(ls);
        PoissonLevel c = levels.get(levels.size() - 1);
        this.coarseSweeps = 2 * (c.nx + c.ny);
        this.scratch = ThreadLocal.withInitial(() -> {
            double[][][] s = new double[levels.size()][3][];
            for (int l = 0; l < levels.size(); l++) {
                int n = levels.get(l).size();
                s[l] = new double[][] {new double[n], new double[n], new double[n]};
            }
            return s;
        });
    }

    /** @return number of levels, finest included */
    int depth() {
        return levels.size();
    }

    /**
     * z = M r: one V-cycle from zero.
     *
     * @param r the residual, not modified
     * @param z receives the preconditioned residual
     */
    void apply(double[] r, double[] z) {
        java.util.Arrays.fill(z, 0);
        vCycle(0, z, r, scratch.get());
    }

    /** Improves x for A x = b on level l (x is zero on entry for coarse levels). */
    private void vCycle(int l, double[] x, double[] b, double[][][] s) {
        PoissonLevel lev = levels.get(l);
        if (l == levels.size() - 1) {
            for (int k = 0; k < coarseSweeps; k++) {
                lev.gaussSeidel(x, b, 0, true);
                lev.gaussSeidel(x, b, 1, true);
            }
            for (int k = 0; k < coarseSweeps; k++) {
                lev.gaussSeidel(x, b, 1, false);
                lev.gaussSeidel(x, b, 0, false);
            }
            return;
        }
        for (int k = 0; k < SMOOTHING_SWEEPS; k++) {
            lev.gaussSeidel(x, b, 0, true);
            lev.gaussSeidel(x, b, 1, true);
        }
        double[] res = s[l][2];
        lev.residual(x, b, res);
        PoissonLevel coarse = levels.get(l + 1);
        double[] cb = s[l + 1][1], cx = s[l + 1][0];
        restrict(lev, res, coarse, cb);
        java.util.Arrays.fill(cx, 0);
        vCycle(l + 1, cx, cb, s);
        prolongAdd(lev, x, coarse, cx);
        for (int k = 0; k < SMOOTHING_SWEEPS; k++) {
            lev.gaussSeidel(x, b, 1, false);
            lev.gaussSeidel(x, b, 0, false);
        }
    }

    private static void restrict(PoissonLevel f, double[] r, PoissonLevel c, double[] cb) {
        for (int jc = 0; jc < c.ny; jc++) {
            for (int ic = 0; ic < c.nx; ic++) {
                int k = (2 * jc) * f.nx + 2 * ic;
                cb[jc * c.nx + ic] = 0.25 * (r[k] + r[k + 1] + r[k + f.nx] + r[k + f.nx + 1]);
            }
        }
    }

    /**
     * x += the coarse correction, by injection, on the active fine cells. Adds to every cell, each
     * coarse value to its two fine cells of a row, and then sets the inactive cells back to 0, the
     * value they hold throughout the cycle: the same numbers as skipping them, without a test per cell.
     */
    private static void prolongAdd(PoissonLevel f, double[] x, PoissonLevel c, double[] cx) {
        for (int j = 0; j < f.ny; j++) {
            int k = j * f.nx, coarseRow = (j >> 1) * c.nx;
            for (int ic = 0; ic < c.nx; ic++, k += 2) {
                double v = cx[coarseRow + ic];
                x[k] += v;
                x[k + 1] += v;
            }
        }
        for (int k : f.inactive) {
            x[k] = 0;
        }
    }
}
