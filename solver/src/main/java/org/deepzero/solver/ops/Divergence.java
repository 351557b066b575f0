package org.deepzero.solver.ops;

import org.deepzero.solver.grid.FluidMask;
import org.deepzero.solver.grid.StaggeredGrid;

/** The discrete divergence of a staggered velocity field, per cell. */
public final class Divergence {
    private Divergence() {
    }

    /**
     * @param mask fluid cells (solid cells get 0)
     * @param vel  the field
     * @return {@code (u_e - u_w)/dx + (v_n - v_s)/dy} per cell, row-major {@code [ny][nx]}
     */
    public static double[] of(FluidMask mask, FaceVelocity vel) {
        StaggeredGrid g = mask.grid();
        int nx = g.nx(), ny = g.ny();
        double idx = 1 / g.dx(), idy = 1 / g.dy();
        double[] div = new double[g.cellCount()];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                int c = g.cell(i, j);
                if (mask.isSolid(c)) {
                    continue;
                }
                div[c] = (vel.u[g.u(i + 1, j)] - vel.u[g.u(i, j)]) * idx
                        + (vel.v[g.v(i, j + 1)] - vel.v[g.v(i, j)]) * idy;
            }
        }
        return div;
    }

    /**
     * @param mask fluid cells (solid cells get -0.0, the negation of {@link #of}'s 0)
     * @param vel  the field
     * @return minus the divergence, {@code -(of(mask, vel)[c])} per cell, in one pass
     */
    public static double[] negated(FluidMask mask, FaceVelocity vel) {
        StaggeredGrid g = mask.grid();
        int nx = g.nx(), ny = g.ny();
        double idx = 1 / g.dx(), idy = 1 / g.dy();
        double[] out = new double[g.cellCount()];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                int c = g.cell(i, j);
                if (mask.isSolid(c)) {
                    out[c] = -0.0;
                    continue;
                }
                out[c] = -((vel.u[g.u(i + 1, j)] - vel.u[g.u(i, j)]) * idx
                        + (vel.v[g.v(i, j + 1)] - vel.v[g.v(i, j)]) * idy);
            }
        }
        return out;
    }

    /**
     * The divergence norm used in reports: {@code max |div| * h / U}, h the smaller spacing.
     *
     * @param mask  fluid cells
     * @param vel   the field
     * @param speed velocity scale U
     * @return the dimensionless maximum divergence
     */
    public static double maxNormalized(FluidMask mask, FaceVelocity vel, double speed) {
        double m = 0;
        for (double d : of(mask, vel)) {
            m = Math.max(m, Math.abs(d));
        }
        return m * mask.grid().minSpacing() / speed;
    }
}
