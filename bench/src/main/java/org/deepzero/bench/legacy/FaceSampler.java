package org.deepzero.bench.legacy;

import org.deepzero.solver.ops.*;

import org.deepzero.solver.grid.FlowBoundaries;
import org.deepzero.solver.grid.StaggeredGrid;

/**
 * Bilinear interpolation of staggered u and v at arbitrary points, honouring the domain
 * boundaries: periodic directions wrap, other directions clamp to the last face row/column
 * (zero gradient, which is the mirror condition of free-slip walls and outflow). Immutable and
 * thread-safe.
 */
public final class FaceSampler {
    private final StaggeredGrid grid;
    private final boolean perX;
    private final boolean perY;
    private final double invDx;
    private final double invDy;

    /**
     * @param grid the grid
     * @param bc   the domain boundaries
     */
    public FaceSampler(StaggeredGrid grid, FlowBoundaries bc) {
        this.grid = grid;
        this.perX = bc.periodicX();
        this.perY = bc.periodicY();
        this.invDx = 1.0 / grid.dx();
        this.invDy = 1.0 / grid.dy();
    }

    /** @return u interpolated at (x, y) */
    public double u(double[] u, double x, double y) {
        return sample(u, grid.nx() + 1, x * invDx, y * invDy - 0.5, grid.nx(), grid.ny() - 1, null);
    }

    /** @return v interpolated at (x, y) */
    public double v(double[] v, double x, double y) {
        return sample(v, grid.nx(), x * invDx - 0.5, y * invDy, grid.nx() - 1, grid.ny(), null);
    }

    /** Like {@link #u}, and stores the min and max of the four stencil values in {@code range}. */
    public double u(double[] u, double x, double y, double[] range) {
        return sample(u, grid.nx() + 1, x * invDx, y * invDy - 0.5, grid.nx(), grid.ny() - 1, range);
    }

    /** Like {@link #v}, and stores the min and max of the four stencil values in {@code range}. */
    public double v(double[] v, double x, double y, double[] range) {
        return sample(v, grid.nx(), x * invDx - 0.5, y * invDy, grid.nx() - 1, grid.ny(), range);
    }

    /**
     * @param a      values, row length {@code row}
     * @param fi     fractional column index
     * @param fj     fractional row index
     * @param lastI  last column index when clamping; the period is nx when wrapping
     * @param lastJ  last row index when clamping; the period is ny when wrapping
     */
    private double sample(double[] a, int row, double fi, double fj, int lastI, int lastJ, double[] range) {
        int i0, i1, j0, j1;
        double ax, ay;
        if (perX) {
            int n = grid.nx();
            double f = fi - Math.floor(fi / n) * n;
            i0 = Math.min((int) f, n - 1);
            ax = f - i0;
            i1 = i0 + 1 == n ? 0 : i0 + 1;
        } else {
            double f = fi <= 0 ? 0 : Math.min(fi, lastI);
            i0 = Math.min((int) f, Math.max(lastI - 1, 0));
            i1 = Math.min(i0 + 1, lastI);
            ax = f - i0;
        }
        if (perY) {
            int n = grid.ny();
            double f = fj - Math.floor(fj / n) * n;
            j0 = Math.min((int) f, n - 1);
            ay = f - j0;
            j1 = j0 + 1 == n ? 0 : j0 + 1;
        } else {
            double f = fj <= 0 ? 0 : Math.min(fj, lastJ);
            j0 = Math.min((int) f, Math.max(lastJ - 1, 0));
            j1 = Math.min(j0 + 1, lastJ);
            ay = f - j0;
        }
        double a00 = a[j0 * row + i0], a10 = a[j0 * row + i1];
        double a01 = a[j1 * row + i0], a11 = a[j1 * row + i1];
        if (range != null) {
            range[0] = Math.min(Math.min(a00, a10), Math.min(a01, a11));
            range[1] = Math.max(Math.max(a00, a10), Math.max(a01, a11));
        }
        return (1 - ay) * ((1 - ax) * a00 + ax * a10) + ay * ((1 - ax) * a01 + ax * a11);
    }
}
