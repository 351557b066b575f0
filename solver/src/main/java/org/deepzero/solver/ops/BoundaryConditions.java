package org.deepzero.solver.ops;

import org.deepzero.solver.grid.FlowBoundaries;
import org.deepzero.solver.grid.FluidMask;
import org.deepzero.solver.grid.StaggeredGrid;
import org.deepzero.solver.grid.StreamBoundary;

/**
 * Imposes the boundary values on a staggered velocity field, in place: no-slip on obstacle
 * faces, uniform inflow and zero-gradient outflow (with a flux correction that makes outflow equal
 * inflow, so the projection, which holds p = 0 on the outflow faces, only reshapes the outflow
 * profile), free-slip (v = 0) or periodic sides. Immutable and thread-safe.
 */
public final class BoundaryConditions {
    private final StaggeredGrid grid;
    private final FluidMask mask;
    private final FlowBoundaries bc;

    /** @param mask cells, faces and boundaries of the domain */
    public BoundaryConditions(FluidMask mask) {
        this.grid = mask.grid();
        this.mask = mask;
        this.bc = mask.boundaries();
    }

    /**
     * Sets the boundary faces of {@code vel}.
     *
     * @param vel the field, modified
     * @return {@code vel}
     */
    public FaceVelocity apply(FaceVelocity vel) {
        int nx = grid.nx(), ny = grid.ny(), row = nx + 1;
        for (int f = 0; f < vel.u.length; f++) {
            if (!mask.isOpenU(f)) {
                vel.u[f] = 0;
            }
        }
        for (int f = 0; f < vel.v.length; f++) {
            if (!mask.isOpenV(f)) {
                vel.v[f] = 0;
            }
        }
        if (bc.stream() == StreamBoundary.INFLOW_OUTFLOW) {
            double inflow = 0, outflow = 0;
            int open = 0;
            for (int j = 0; j < ny; j++) {
                int in = j * row, out = j * row + nx;
                if (mask.isOpenU(in)) {
                    vel.u[in] = bc.inflowSpeed();
                    inflow += vel.u[in];
                }
                if (mask.isOpenU(out)) {
                    vel.u[out] = vel.u[out - 1];
                    outflow += vel.u[out];
                    open++;
                }
            }
            if (open > 0) {
                // spread the flux imbalance evenly over the open outflow faces
                double shift = (inflow - outflow) / open;
                for (int j = 0; j < ny; j++) {
                    int out = j * row + nx;
                    if (mask.isOpenU(out)) {
                        vel.u[out] += shift;
                    }
                }
            }
        } else {
            for (int j = 0; j < ny; j++) {
                vel.u[j * row + nx] = vel.u[j * row];
            }
        }
        if (bc.periodicY()) {
            System.arraycopy(vel.v, 0, vel.v, ny * nx, nx);
        } else {
            for (int i = 0; i < nx; i++) {
                vel.v[i] = 0;
                vel.v[ny * nx + i] = 0;
            }
        }
        return vel;
    }
}
