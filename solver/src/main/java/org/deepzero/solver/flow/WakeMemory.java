package org.deepzero.solver.flow;

import org.deepzero.solver.MemoryEstimate;
import org.deepzero.solver.ops.PoissonSolver;

/**
 * Heap figures of the wake flow for {@link MemoryEstimate}s.
 *
 * <p>The per-cell cost of a solver was measured: the smallest {@code -Xmx} that lets the wake flow
 * take steps is about 56 MiB at 512x256 and 136 MiB at 1024x512 (about 260 bytes per cell beyond a
 * few MiB of JVM use); {@link #SOLVER_BYTES_PER_CELL} adds some margin to that. Since the faster
 * pressure solve keeps its vectors per thread (CG vectors, multigrid vectors by colour), the same
 * measurement (five steps from rest, in steps of 4 MiB) gives 72 MiB and 184 MiB, about 300 bytes per
 * cell (the solver before it needed 68 and 168 MiB in the same session, 267 bytes per cell). The
 * advection's lists of open faces and per-thread arrays (kept between steps) raised that to 76 and
 * 208 MiB, about 350 bytes per cell (72 and 184 MiB without them, measured the same hour).
 * Small grids add the direct pressure solve's banded factor ({@link #directFactorBytes}).
 */
public final class WakeMemory {
    /** Peak heap of one solver per grid cell while it steps (fields, masks, multigrid, temporaries). */
    public static final long SOLVER_BYTES_PER_CELL = 400;

    private WakeMemory() {
    }

    /**
     * Peak heap of one solver stepping on a grid.
     *
     * @param nx cells along x
     * @param ny cells along y
     * @return bytes
     */
    public static long solverBytes(long nx, long ny) {
        long cells = MemoryEstimate.saturatedMultiply(nx, ny);
        return MemoryEstimate.saturatedAdd(MemoryEstimate.saturatedMultiply(cells, SOLVER_BYTES_PER_CELL),
                directFactorBytes(nx, ny));
    }

    /**
     * A bound on the banded Cholesky factor of the pressure operator that small grids keep
     * ({@link PoissonSolver#DIRECT_MAX_VALUES}): cells times (the numbering's fast side + 1) values,
     * at most the longer side + 1; none when even the shorter side exceeds the limit.
     *
     * @param nx cells along x
     * @param ny cells along y
     * @return bytes
     */
    public static long directFactorBytes(long nx, long ny) {
        double cells = (double) nx * ny;
        if (cells * (Math.min(nx, ny) + 1) > PoissonSolver.DIRECT_MAX_VALUES) {
            return 0;
        }
        return 8 * (long) Math.min((double) PoissonSolver.DIRECT_MAX_VALUES, cells * (Math.max(nx, ny) + 1));
    }

    /**
     * Heap of one state kept in memory (double u, v and p, as {@link FlowState} holds them).
     *
     * @param nx cells along x
     * @param ny cells along y
     * @return bytes
     */
    public static long stateBytes(int nx, int ny) {
        return 8L * ((nx + 1L) * ny + (ny + 1L) * nx + (long) nx * ny) + 3 * 16 + 64;
    }
}
