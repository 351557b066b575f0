package org.deepzero.solver.ops;

import org.deepzero.solver.grid.StaggeredGrid;

/**
 * A mutable working copy of a staggered velocity field: the scratch value the operators of one
 * step pass along. Not shared between threads; states hold their own immutable copies.
 */
public final class FaceVelocity {
    /** The grid the arrays are laid out on. */
    public final StaggeredGrid grid;
    /** u on x-faces, {@code [ny][nx + 1]} row-major. */
    public final double[] u;
    /** v on y-faces, {@code [ny + 1][nx]} row-major. */
    public final double[] v;

    /**
     * Wraps arrays (no copy).
     *
     * @param grid the grid
     * @param u    u values, length {@code grid.uCount()}
     * @param v    v values, length {@code grid.vCount()}
     */
    public FaceVelocity(StaggeredGrid grid, double[] u, double[] v) {
        if (u.length != grid.uCount() || v.length != grid.vCount()) {
            throw new IllegalArgumentException("velocity arrays " + u.length + "/" + v.length
                    + " do not fit grid " + grid.nx() + "x" + grid.ny());
        }
        this.grid = grid;
        this.u = u;
        this.v = v;
    }

    /** @return a zero field on {@code grid} */
    public static FaceVelocity zeros(StaggeredGrid grid) {
        return new FaceVelocity(grid, new double[grid.uCount()], new double[grid.vCount()]);
    }

    /** @return a deep copy */
    public FaceVelocity copy() {
        return new FaceVelocity(grid, u.clone(), v.clone());
    }

    /** @return the largest |u| or |v|; NaN when any value is NaN */
    public double maxSpeedComponent() {
        // Math.max returns NaN as soon as one argument is NaN, and keeps it: no test per value; the
        // maximum does not round, so four running maxima (a shorter dependency chain) give the same value
        return Math.max(maxAbs(u), maxAbs(v));
    }

    private static double maxAbs(double[] a) {
        double m0 = 0, m1 = 0, m2 = 0, m3 = 0;
        int k = 0;
        for (; k + 3 < a.length; k += 4) {
            m0 = Math.max(m0, Math.abs(a[k]));
            m1 = Math.max(m1, Math.abs(a[k + 1]));
            m2 = Math.max(m2, Math.abs(a[k + 2]));
            m3 = Math.max(m3, Math.abs(a[k + 3]));
        }
        for (; k < a.length; k++) {
            m0 = Math.max(m0, Math.abs(a[k]));
        }
        return Math.max(Math.max(m0, m1), Math.max(m2, m3));
    }
}
