package org.deepzero.solver.ops;

import org.deepzero.solver.grid.FlowBoundaries;
import org.deepzero.solver.grid.FluidMask;
import org.deepzero.solver.grid.StaggeredGrid;

/**
 * Viscous diffusion {@code du/dt = nu lap(u)}, explicit (forward Euler, 5-point Laplacian).
 *
 * <p>Why explicit: at the Reynolds numbers of the wake cases (Re ~ 100-200) the diffusion number
 * {@code nu dt (2/dx^2 + 2/dy^2)} is a few percent of the stability limit 1 at the advective time
 * step, so an implicit solve would buy nothing and cost a second linear solve. When a case does
 * exceed half of it (low Re, fine grid), the step is split into enough explicit sub-steps that
 * each stays at or below one half (see {@link #MAX_SUBSTEP_NUMBER} for why one half, not 1).
 * Closed (solid) faces stay zero, so obstacles are no-slip; domain sides use the ghost values of
 * the boundaries (mirror for free-slip and outflow, wrap for periodic). Immutable, thread-safe.
 */
public final class Diffusion {
    /**
     * The largest diffusion number of one sub-step: one half, where the forward-Euler amplification
     * {@code 1 - 2 number (sin^2 + sin^2 terms)} of the grid-scale modes reaches 0, so no mode changes
     * sign. Diffusion alone would be stable up to 1, but the flow step diffuses the field after the
     * pressure kicks of the last pressure (IncompressibleFlow), and the incremental projection then
     * carries that pressure into the next one multiplied by {@code 1 - G}, G this operator's
     * amplification: a negative G (a sub-step number above one half, an odd number of sub-steps) makes
     * the factor exceed 1 and the near-checkerboard pressure grows by up to {@code 2 number} per step
     * until the velocity blows up (the wake references at Re 70 and 80, diffusion numbers 0.59 and 0.51,
     * did). Up to one half, the number of sub-steps stays 1, as it was.
     */
    static final double MAX_SUBSTEP_NUMBER = 0.5;

    private final StaggeredGrid grid;
    private final FluidMask mask;
    private final FlowBoundaries bc;

    /** @param mask cells, faces and boundaries of the domain */
    public Diffusion(FluidMask mask) {
        this.grid = mask.grid();
        this.mask = mask;
        this.bc = mask.boundaries();
    }

    /**
     * @param nu kinematic viscosity
     * @param dt time step
     * @return the number of explicit sub-steps used for one step
     */
    public int substeps(double nu, double dt) {
        double number = nu * dt * (2 / (grid.dx() * grid.dx()) + 2 / (grid.dy() * grid.dy()));
        return Math.max(1, (int) Math.ceil(number / MAX_SUBSTEP_NUMBER));
    }

    /**
     * Diffuses a velocity field.
     *
     * @param velocity the field, unchanged
     * @param nu       kinematic viscosity, non-negative
     * @param dt       time step
     * @return the diffused field (new arrays)
     */
    public FaceVelocity diffuse(FaceVelocity velocity, double nu, double dt) {
        FaceVelocity cur = velocity.copy();
        if (nu == 0) {
            return cur;
        }
        int n = substeps(nu, dt);
        double h = dt / n;
        FaceVelocity next = velocity.copy();
        for (int s = 0; s < n; s++) {
            stepU(cur.u, next.u, nu * h);
            stepV(cur.v, next.v, nu * h);
            FaceVelocity t = cur;
            cur = next;
            next = t;
        }
        return cur;
    }

    private void stepU(double[] a, double[] out, double k) {
        int nx = grid.nx(), ny = grid.ny(), row = nx + 1;
        double cx = k / (grid.dx() * grid.dx()), cy = k / (grid.dy() * grid.dy());
        boolean px = bc.periodicX(), py = bc.periodicY();
        int iFirst = px ? 0 : 1, iLast = px ? nx - 1 : nx - 1;
        for (int j = 0; j < ny; j++) {
            int jS = j > 0 ? j - 1 : (py ? ny - 1 : 0);
            int jN = j < ny - 1 ? j + 1 : (py ? 0 : ny - 1);
            for (int i = iFirst; i <= iLast; i++) {
                int f = j * row + i;
                if (!mask.isOpenU(f)) {
                    out[f] = 0;
                    continue;
                }
                int iW = i > 0 ? i - 1 : nx - 1;   // only periodic reaches i == 0
                int iE = i + 1;                   // u[nx] mirrors u[0] when periodic
                double c = a[f];
                out[f] = c + cx * (a[j * row + iW] - 2 * c + a[j * row + iE])
                        + cy * (a[jS * row + i] - 2 * c + a[jN * row + i]);
            }
        }
        if (px) {
            for (int j = 0; j < ny; j++) {
                out[j * row + nx] = out[j * row];
            }
        }
    }

    private void stepV(double[] a, double[] out, double k) {
        int nx = grid.nx(), ny = grid.ny();
        double cx = k / (grid.dx() * grid.dx()), cy = k / (grid.dy() * grid.dy());
        boolean px = bc.periodicX(), py = bc.periodicY();
        int jFirst = py ? 0 : 1, jLast = ny - 1;
        for (int j = jFirst; j <= jLast; j++) {
            int jS = j > 0 ? j - 1 : ny - 1;      // only periodic reaches j == 0
            int jN = j + 1;                      // v[ny] mirrors v[0] when periodic
            for (int i = 0; i < nx; i++) {
                int f = j * nx + i;
                if (!mask.isOpenV(f)) {
                    out[f] = 0;
                    continue;
                }
                int iW = i > 0 ? i - 1 : (px ? nx - 1 : 0);
                int iE = i < nx - 1 ? i + 1 : (px ? 0 : nx - 1);
                double c = a[f];
                out[f] = c + cx * (a[j * nx + iW] - 2 * c + a[j * nx + iE])
                        + cy * (a[jS * nx + i] - 2 * c + a[jN * nx + i]);
            }
        }
        if (py) {
            for (int i = 0; i < nx; i++) {
                out[ny * nx + i] = out[i];
            }
        }
    }
}
