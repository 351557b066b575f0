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
        // Math.max returns NaN as soon as one argument is NaN, and keeps it: no test per value
        double m = 0;
        for (double a : u) {
            m = Math.max(m, Math.abs(a));
        }
        for (double a : v) {
            m = Math.max(m, Math.abs(a));
        }
        return m;
    }
}
