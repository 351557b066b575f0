package org.deepzero.solver.ops;

import java.util.ArrayList;
import java.util.List;

/**
 * One geometric multigrid V-cycle as the (inverse) preconditioner {@code z = M r} of conjugate
 * gradients: red-black Gauss-Seidel smoothing (two sweeps down, the adjoint two sweeps up),
 * restriction by averaging 2x2 cells, prolongation by injection (the transpose, up to a factor),
 * many symmetric sweeps on the coarsest level. The cycle is a fixed symmetric linear map, as CG
 * requires. Hipparchus has no multigrid, hence this class. The levels above the coarsest keep their
 * vectors by colour ({@link SplitLevel}, for speed; the same numbers), the coarsest the natural layout
 * (its sizes may be odd).
 *
 * <p>The hierarchy is built once per grid and is immutable; scratch arrays are per thread, so one
 * instance serves concurrent solves.
 */
final class MultigridPreconditioner {
    private static final int SMOOTHING_SWEEPS = 2;

    private final List<PoissonLevel> levels;
    /** The levels above the coarsest, by colour (all of even sizes, since they were halved). */
    private final SplitLevel[] split;
    private final int coarseSweeps;
    private final ThreadLocal<Scratch> scratch;

    MultigridPreconditioner(PoissonLevel finest) {
        List<PoissonLevel> ls = new ArrayList<>();
        ls.add(finest);
        while (ls.get(ls.size() - 1).canCoarsen()) {
            ls.add(ls.get(ls.size() - 1).coarsen());
        }
        this.levels = List.copyOf(ls);
        this.split = new SplitLevel[levels.size() - 1];
        for (int l = 0; l < split.length; l++) {
            split[l] = new SplitLevel(levels.get(l));
        }
        PoissonLevel c = levels.get(levels.size() - 1);
        this.coarseSweeps = 2 * (c.nx + c.ny);
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(split, c.size()));
    }

    /** One thread's vectors: by colour on the split levels, natural on the coarsest. */
    private static final class Scratch {
        final SplitLevel.Vectors[] vectors;
        final double[] coarseX;
        final double[] coarseB;

        Scratch(SplitLevel[] split, int coarseSize) {
            vectors = new SplitLevel.Vectors[split.length];
            for (int l = 0; l < split.length; l++) {
                vectors[l] = new SplitLevel.Vectors(split[l]);
            }
            coarseX = new double[coarseSize];
            coarseB = new double[coarseSize];
        }
    }

    /** @return number of levels, finest included */
    int depth() {
        return levels.size();
    }

    /**
     * z = M r (one V-cycle from zero), returning r . z summed in index order (the order of a plain
     * loop), which conjugate gradients needs next.
     *
     * @param r the residual, not modified
     * @param z receives the preconditioned residual
     * @return r . z
     */
    double applyAndDot(double[] r, double[] z) {
        if (split.length == 0) {
            java.util.Arrays.fill(z, 0);
            coarseSolve(levels.get(0), z, r);
            double dot = 0;
            for (int i = 0; i < r.length; i++) {
                dot += r[i] * z[i];
            }
            return dot;
        }
        Scratch s = scratch.get();
        SplitLevel f = split[0];
        SplitLevel.Vectors v = s.vectors[0];
        f.loadB(r, v);
        vCycle(0, s);
        return f.storeXAndDot(v, r, z);
    }

    /**
     * Improves x for A x = b on split level l from x = 0 (which is not stored: the first sweep
     * starts from zero): two red-black sweeps, the residual restricted, the coarser level solved
     * (recursively), its correction prolonged, the adjoint two sweeps.
     */
    private void vCycle(int l, Scratch s) {
        SplitLevel lev = split[l];
        SplitLevel.Vectors v = s.vectors[l];
        for (int k = 0; k < SMOOTHING_SWEEPS; k++) {
            if (k == 0) {
                lev.firstSweepFromZero(v);
            } else {
                lev.gaussSeidel(v, 0);
            }
            lev.gaussSeidel(v, 1);
        }
        lev.residual(v);
        int cnx = lev.level.nx / 2, cny = lev.level.ny / 2;
        if (l + 1 == split.length) {
            for (int jc = 0; jc < cny; jc++) {
                lev.restrictRow(v, jc);
                System.arraycopy(v.row, 0, s.coarseB, jc * cnx, cnx);
            }
            java.util.Arrays.fill(s.coarseX, 0);
            coarseSolve(levels.get(l + 1), s.coarseX, s.coarseB);
            for (int jc = 0; jc < cny; jc++) {
                System.arraycopy(s.coarseX, jc * cnx, v.row, 0, cnx);
                lev.prolongRows(v, jc, v.row);
            }
        } else {
            SplitLevel coarse = split[l + 1];
            SplitLevel.Vectors cv = s.vectors[l + 1];
            for (int jc = 0; jc < cny; jc++) {
                lev.restrictRow(v, jc);
                coarse.setBRow(cv, jc, v.row);
            }
            vCycle(l + 1, s);
            for (int jc = 0; jc < cny; jc++) {
                coarse.xRow(cv, jc, v.row);
                lev.prolongRows(v, jc, v.row);
            }
        }
        lev.resetInactive(v);
        // the next sweep (colour 1) reads colour 0's shifted rows and refreshes its own for the one
        // after; the last sweep leaves its shifted rows stale: only x is read after it, and the next
        // cycle on this level starts by overwriting x (firstSweepFromZero refreshes them)
        lev.shiftAll(v, 0);
        for (int k = 0; k < SMOOTHING_SWEEPS; k++) {
            lev.gaussSeidel(v, 1);
            lev.gaussSeidel(v, 0, k + 1 < SMOOTHING_SWEEPS);
        }
    }

    /** Many symmetric sweeps on the coarsest level, natural layout (its sizes may be odd). */
    private void coarseSolve(PoissonLevel lev, double[] x, double[] b) {
        for (int k = 0; k < coarseSweeps; k++) {
            lev.gaussSeidel(x, b, 0, true);
            lev.gaussSeidel(x, b, 1, true);
        }
        for (int k = 0; k < coarseSweeps; k++) {
            lev.gaussSeidel(x, b, 1, false);
            lev.gaussSeidel(x, b, 0, false);
        }
    }
}
