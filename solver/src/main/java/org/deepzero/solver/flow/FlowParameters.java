package org.deepzero.solver.flow;

import org.deepzero.solver.ops.AdvectionScheme;
import org.deepzero.solver.ops.PoissonSolver;

/**
 * Physical and numerical settings of an incompressible flow step.
 *
 * @param viscosity         kinematic viscosity nu, non-negative
 * @param dt                time step, positive
 * @param advection         advection scheme
 * @param poissonTolerance  relative residual of the pressure solve
 * @param cflLimit          a step whose CFL number {@code max|u| dt / h} exceeds this is a blow-up
 */
public record FlowParameters(double viscosity, double dt, AdvectionScheme advection,
                             double poissonTolerance, double cflLimit) {

    /** CFL numbers above this are treated as a blow-up by default (semi-Lagrangian is stable far beyond 1, but inaccurate). */
    public static final double DEFAULT_CFL_LIMIT = 10;

    /** Checks the arguments. */
    public FlowParameters {
        if (!(viscosity >= 0) || Double.isInfinite(viscosity)) {
            throw new IllegalArgumentException("viscosity must be >= 0, got " + viscosity);
        }
        if (!(dt > 0) || Double.isInfinite(dt)) {
            throw new IllegalArgumentException("dt must be positive, got " + dt);
        }
        if (advection == null) {
            throw new IllegalArgumentException("advection scheme must not be null");
        }
        if (!(cflLimit > 0)) {
            throw new IllegalArgumentException("CFL limit must be positive, got " + cflLimit);
        }
    }

    /** @return parameters with the default Poisson tolerance and CFL limit */
    public static FlowParameters of(double viscosity, double dt, AdvectionScheme advection) {
        return new FlowParameters(viscosity, dt, advection, PoissonSolver.DEFAULT_TOLERANCE, DEFAULT_CFL_LIMIT);
    }

    /** @return a copy with another time step */
    public FlowParameters withDt(double newDt) {
        return new FlowParameters(viscosity, newDt, advection, poissonTolerance, cflLimit);
    }
}
