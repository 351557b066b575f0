package org.deepzero.solver.flow;

import org.deepzero.solver.grid.FlowBoundaries;
import org.deepzero.solver.grid.SideBoundary;
import org.deepzero.solver.grid.StaggeredGrid;
import org.deepzero.solver.mesh.Mesh;
import org.deepzero.solver.ops.AdvectionScheme;
import org.deepzero.solver.ops.PoissonSolver;

/**
 * Everything that defines a wake flow run on one grid.
 *
 * <p>The Reynolds number is {@code Re = U D / nu}, U the inflow speed and D the reference length
 * of the mesh (the diameter of its first obstacle when that is a circle, else that obstacle's
 * extent across the stream); the viscosity follows from it.
 *
 * @param mesh             domain and obstacles
 * @param nx               cells along x
 * @param ny               cells along y
 * @param sides            free-slip or periodic top and bottom
 * @param inflowSpeed      U
 * @param reynolds         Re, positive
 * @param dt               time step
 * @param advection        advection scheme
 * @param poissonTolerance relative residual of the pressure solve
 */
public record WakeSpec(Mesh mesh, int nx, int ny, SideBoundary sides, double inflowSpeed,
                       double reynolds, double dt, AdvectionScheme advection, double poissonTolerance) {

    /** Checks the numbers. */
    public WakeSpec {
        if (!(reynolds > 0) || Double.isInfinite(reynolds)) {
            throw new IllegalArgumentException("Reynolds number must be positive, got " + reynolds);
        }
        new StaggeredGrid(nx, ny, mesh.width(), mesh.height());
        FlowBoundaries.wake(sides, inflowSpeed);
        FlowParameters.of(0, dt, advection);
    }

    /** A spec with the default Poisson tolerance. */
    public WakeSpec(Mesh mesh, int nx, int ny, SideBoundary sides, double inflowSpeed,
                    double reynolds, double dt, AdvectionScheme advection) {
        this(mesh, nx, ny, sides, inflowSpeed, reynolds, dt, advection, PoissonSolver.DEFAULT_TOLERANCE);
    }

    /** @return the grid */
    public StaggeredGrid grid() {
        return new StaggeredGrid(nx, ny, mesh.width(), mesh.height());
    }

    /** @return kinematic viscosity {@code U D / Re} */
    public double viscosity() {
        return inflowSpeed * mesh.referenceLength() / reynolds;
    }

    /** @return the CFL number of the inflow, {@code U dt / h} */
    public double inflowCfl() {
        return inflowSpeed * dt / grid().minSpacing();
    }

    /**
     * The same flow on a grid {@code factor} times finer with {@code dt / factor}, so that
     * {@code factor} fine steps span one step of this spec and the CFL number is unchanged.
     *
     * @param factor refinement, at least 1
     * @return the fine spec
     */
    public WakeSpec refined(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("refinement factor must be >= 1, got " + factor);
        }
        return new WakeSpec(mesh, nx * factor, ny * factor, sides, inflowSpeed, reynolds, dt / factor,
                advection, poissonTolerance);
    }

    /** @return a copy at another Reynolds number */
    public WakeSpec withReynolds(double re) {
        return new WakeSpec(mesh, nx, ny, sides, inflowSpeed, re, dt, advection, poissonTolerance);
    }
}
