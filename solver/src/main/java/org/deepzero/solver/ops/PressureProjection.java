package org.deepzero.solver.ops;

import org.deepzero.solver.grid.FluidMask;
import org.deepzero.solver.grid.StaggeredGrid;
import org.deepzero.solver.grid.StreamBoundary;

/**
 * Makes a velocity field incompressible (Chorin's projection): solve
 * {@code lap phi = div u*} with Neumann conditions on closed faces, then
 * {@code u = u* - grad phi} on the open interior faces and the outflow faces (where
 * {@code phi = 0}). With {@code phi = p dt}, p is the pressure (density 1). The other boundary
 * faces keep the values the boundary conditions gave them. Immutable and thread-safe.
 */
public final class PressureProjection {
    private final StaggeredGrid grid;
    private final FluidMask mask;
    private final PoissonSolver poisson;

    /**
     * @param mask    fluid cells, faces and boundaries
     * @param poisson the solver for this mask, set up once
     */
    public PressureProjection(FluidMask mask, PoissonSolver poisson) {
        this.grid = mask.grid();
        this.mask = mask;
        this.poisson = poisson;
    }

    /**
     * The projected field and the pressure that made it.
     *
     * @param velocity divergence-free velocity (new arrays)
     * @param pressure cell pressure, {@code phi / dt}
     * @param stats    what the Poisson solve took
     */
    public record Result(FaceVelocity velocity, double[] pressure, PoissonStats stats) {
    }

    /**
     * Projects a field whose pressure force {@code base} has already been applied: the correction
     * phi solves the same Poisson problem, and the returned pressure is {@code base + phi / dt}
     * (incremental pressure correction; phi starts from zero since it is small).
     *
     * @param velocity the field, unchanged
     * @param base     pressure already applied
     * @param dt       time step, positive
     * @return the projected field and the total pressure
     */
    public Result makeIncompressibleIncrement(FaceVelocity velocity, double[] base, double dt) {
        return project(velocity, null, base, dt);
    }

    /**
     * Projects {@code velocity} onto divergence-free fields.
     *
     * @param velocity      the field, unchanged
     * @param pressureGuess previous pressure (warm start), or null
     * @param dt            time step, positive
     * @return the projected field and pressure
     */
    public Result makeIncompressible(FaceVelocity velocity, double[] pressureGuess, double dt) {
        return project(velocity, pressureGuess, null, dt);
    }

    /**
     * The projection, with {@code base} (or nothing, when null) added to the pressure. Computed in
     * as few passes and fresh arrays as the results need (the right-hand side made in one pass and
     * solved in place, the pressure made from phi in place); every value as before:
     * {@code rhs = -div}, {@code p = phi / dt + base}.
     */
    private Result project(FaceVelocity velocity, double[] pressureGuess, double[] base, double dt) {
        double[] rhs = Divergence.negated(mask, velocity);   // -lap phi = -div u*
        double[] phi = new double[rhs.length];
        double[] guess = null;
        if (pressureGuess != null) {
            guess = new double[rhs.length];
            for (int c = 0; c < guess.length; c++) {
                guess[c] = pressureGuess[c] * dt;
            }
        }
        PoissonStats stats = poisson.solveInPlace(rhs, guess, phi);
        FaceVelocity out = velocity.copy();
        subtractGradient(out, phi, 1.0);
        double[] p = phi;
        if (base == null) {
            for (int c = 0; c < p.length; c++) {
                p[c] = phi[c] / dt;
            }
        } else {
            for (int c = 0; c < p.length; c++) {
                p[c] = phi[c] / dt + base[c];
            }
        }
        return new Result(out, p, stats);
    }

    /**
     * A pressure impulse: {@code u - tau grad p} on the faces the projection corrects (the other
     * boundary faces keep their values). Used for the half steps of pressure force around advection.
     *
     * @param velocity the field, unchanged
     * @param pressure cell pressure
     * @param tau      the time the force acts
     * @return the new field
     */
    public FaceVelocity kick(FaceVelocity velocity, double[] pressure, double tau) {
        return kickInPlace(velocity.copy(), pressure, tau);
    }

    /**
     * {@link #kick} applied to {@code velocity} itself (for a field the caller owns): the same values
     * without a copy.
     *
     * @param velocity the field, modified
     * @param pressure cell pressure
     * @param tau      the time the force acts
     * @return {@code velocity}
     */
    public FaceVelocity kickInPlace(FaceVelocity velocity, double[] pressure, double tau) {
        subtractGradient(velocity, pressure, tau);
        return velocity;
    }

    /** @return true when the mask's domain has an outflow, where the pressure is held at 0 */
    static boolean hasOutflow(FluidMask mask) {
        return mask.boundaries().stream() == StreamBoundary.INFLOW_OUTFLOW;
    }

    /**
     * vel -= grad (phi tau), phi tau taken cell by cell (the values of the array of products
     * {@code phi[c] * tau} the kicks used to make; tau = 1 leaves phi exact).
     */
    private void subtractGradient(FaceVelocity vel, double[] phi, double tau) {
        int nx = grid.nx(), ny = grid.ny();
        double idx = 1 / grid.dx(), idy = 1 / grid.dy();
        boolean px = mask.boundaries().periodicX(), py = mask.boundaries().periodicY();
        boolean outflow = hasOutflow(mask);
        for (int j = 0; j < ny; j++) {
            for (int i = px ? 0 : 1; i < nx; i++) {
                int f = grid.u(i, j);
                if (mask.isOpenU(f)) {
                    int west = i > 0 ? i - 1 : nx - 1;
                    vel.u[f] -= (phi[grid.cell(i, j)] * tau - phi[grid.cell(west, j)] * tau) * idx;
                }
            }
            if (px) {
                vel.u[grid.u(nx, j)] = vel.u[grid.u(0, j)];
            }
            int out = grid.u(nx, j);
            if (outflow && mask.isOpenU(out)) {
                // phi = 0 on the outflow face, half a cell east of the last centre (PoissonSolver)
                vel.u[out] -= (0 - phi[grid.cell(nx - 1, j)] * tau) * 2 * idx;
            }
        }
        for (int j = py ? 0 : 1; j < ny; j++) {
            int south = j > 0 ? j - 1 : ny - 1;
            for (int i = 0; i < nx; i++) {
                int f = grid.v(i, j);
                if (mask.isOpenV(f)) {
                    vel.v[f] -= (phi[grid.cell(i, j)] * tau - phi[grid.cell(i, south)] * tau) * idy;
                }
            }
        }
        if (py) {
            System.arraycopy(vel.v, 0, vel.v, ny * nx, nx);
        }
    }
}
