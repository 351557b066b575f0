package org.deepzero.solver.ops;

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
    private final boolean periodic;
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
        this.periodic = perX || perY;
        this.invDx = 1.0 / grid.dx();
        this.invDy = 1.0 / grid.dy();
    }

    /** @return u interpolated at (x, y) */
    public double u(double[] u, double x, double y) {
        return periodic ? sample(u, grid.nx() + 1, x * invDx, y * invDy - 0.5, grid.nx(), grid.ny() - 1, null, null, 0)
                : clamped(u, grid.nx() + 1, x * invDx, y * invDy - 0.5, grid.nx(), grid.ny() - 1);
    }

    /** @return v interpolated at (x, y) */
    public double v(double[] v, double x, double y) {
        return periodic ? sample(v, grid.nx(), x * invDx - 0.5, y * invDy, grid.nx() - 1, grid.ny(), null, null, 0)
                : clamped(v, grid.nx(), x * invDx - 0.5, y * invDy, grid.nx() - 1, grid.ny());
    }

    /**
     * Like {@link #u}, and stores the min and max of the four stencil values in {@code lo[k]} and
     * {@code hi[k]} (MacCormack's limiter).
     */
    public double u(double[] u, double x, double y, double[] lo, double[] hi, int k) {
        return periodic ? sample(u, grid.nx() + 1, x * invDx, y * invDy - 0.5, grid.nx(), grid.ny() - 1, lo, hi, k)
                : clampedWithRange(u, grid.nx() + 1, x * invDx, y * invDy - 0.5, grid.nx(), grid.ny() - 1, lo, hi, k);
    }

    /** Like {@link #v}, and stores the min and max of the four stencil values in {@code lo[k]} and {@code hi[k]}. */
    public double v(double[] v, double x, double y, double[] lo, double[] hi, int k) {
        return periodic ? sample(v, grid.nx(), x * invDx - 0.5, y * invDy, grid.nx() - 1, grid.ny(), lo, hi, k)
                : clampedWithRange(v, grid.nx(), x * invDx - 0.5, y * invDy, grid.nx() - 1, grid.ny(), lo, hi, k);
    }

    /**
     * {@link #sample} without periodic directions and without the range, in few enough bytecodes
     * that the JIT inlines it into the advection loops (the general method is too big to inline,
     * and the call per sample cost a fifth of a fine-grid step). Same arithmetic, same result.
     */
    private static double clamped(double[] a, int row, double fi, double fj, int lastI, int lastJ) {
        if (fi > 0 && fi < lastI && fj > 0 && fj < lastJ) {
            // inside: the clamps below leave fi and fj as they are and i0 = (int) fi; skipping them
            // computes the same numbers with a quarter fewer instructions (most samples are inside)
            int i0 = (int) fi, j0 = (int) fj;
            double ax = fi - i0, ay = fj - j0;
            int r0 = j0 * row + i0, r1 = r0 + row;
            return (1 - ay) * ((1 - ax) * a[r0] + ax * a[r0 + 1]) + ay * ((1 - ax) * a[r1] + ax * a[r1 + 1]);
        }
        return clampedAtEdge(a, row, fi, fj, lastI, lastJ);
    }

    /**
     * {@link #clamped} for points on or beyond the last faces (its own method, so that clamped stays
     * small enough to inline).
     */
    private static double clampedAtEdge(double[] a, int row, double fi, double fj, int lastI, int lastJ) {
        double f = fi <= 0 ? 0 : Math.min(fi, lastI);
        int i0 = Math.min((int) f, Math.max(lastI - 1, 0));
        int i1 = Math.min(i0 + 1, lastI);
        double ax = f - i0;
        double g = fj <= 0 ? 0 : Math.min(fj, lastJ);
        int j0 = Math.min((int) g, Math.max(lastJ - 1, 0));
        int j1 = Math.min(j0 + 1, lastJ);
        double ay = g - j0;
        int r0 = j0 * row, r1 = j1 * row;
        return (1 - ay) * ((1 - ax) * a[r0 + i0] + ax * a[r0 + i1]) + ay * ((1 - ax) * a[r1 + i0] + ax * a[r1 + i1]);
    }

    /** {@link #clamped}, storing the min and max of the four stencil values in {@code lo[k]} and {@code hi[k]}. */
    private static double clampedWithRange(double[] a, int row, double fi, double fj, int lastI, int lastJ,
                                           double[] lo, double[] hi, int k) {
        if (fi > 0 && fi < lastI && fj > 0 && fj < lastJ) {
            int i0 = (int) fi, j0 = (int) fj;
            double ax = fi - i0, ay = fj - j0;
            int r0 = j0 * row + i0, r1 = r0 + row;
            double a00 = a[r0], a10 = a[r0 + 1], a01 = a[r1], a11 = a[r1 + 1];
            lo[k] = Math.min(Math.min(a00, a10), Math.min(a01, a11));
            hi[k] = Math.max(Math.max(a00, a10), Math.max(a01, a11));
            return (1 - ay) * ((1 - ax) * a00 + ax * a10) + ay * ((1 - ax) * a01 + ax * a11);
        }
        return clampedWithRangeAtEdge(a, row, fi, fj, lastI, lastJ, lo, hi, k);
    }

    /** {@link #clampedWithRange} for points on or beyond the last faces. */
    private static double clampedWithRangeAtEdge(double[] a, int row, double fi, double fj, int lastI, int lastJ,
                                                 double[] lo, double[] hi, int k) {
        double f = fi <= 0 ? 0 : Math.min(fi, lastI);
        int i0 = Math.min((int) f, Math.max(lastI - 1, 0));
        int i1 = Math.min(i0 + 1, lastI);
        double ax = f - i0;
        double g = fj <= 0 ? 0 : Math.min(fj, lastJ);
        int j0 = Math.min((int) g, Math.max(lastJ - 1, 0));
        int j1 = Math.min(j0 + 1, lastJ);
        double ay = g - j0;
        int r0 = j0 * row, r1 = j1 * row;
        double a00 = a[r0 + i0], a10 = a[r0 + i1], a01 = a[r1 + i0], a11 = a[r1 + i1];
        lo[k] = Math.min(Math.min(a00, a10), Math.min(a01, a11));
        hi[k] = Math.max(Math.max(a00, a10), Math.max(a01, a11));
        return (1 - ay) * ((1 - ax) * a00 + ax * a10) + ay * ((1 - ax) * a01 + ax * a11);
    }

    /**
     * @param a      values, row length {@code row}
     * @param fi     fractional column index
     * @param fj     fractional row index
     * @param lastI  last column index when clamping; the period is nx when wrapping
     * @param lastJ  last row index when clamping; the period is ny when wrapping
     * @param lo     when not null, receives the smallest of the four stencil values at {@code k}
     * @param hi     receives the largest at {@code k} (with {@code lo})
     */
    private double sample(double[] a, int row, double fi, double fj, int lastI, int lastJ,
                          double[] lo, double[] hi, int k) {
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
        if (lo != null) {
            lo[k] = Math.min(Math.min(a00, a10), Math.min(a01, a11));
            hi[k] = Math.max(Math.max(a00, a10), Math.max(a01, a11));
        }
        return (1 - ay) * ((1 - ax) * a00 + ax * a10) + ay * ((1 - ax) * a01 + ax * a11);
    }
}
