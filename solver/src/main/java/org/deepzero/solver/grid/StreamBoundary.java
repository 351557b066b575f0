package org.deepzero.solver.grid;

/** What happens at the left and right (x = 0, x = width) ends of the domain. */
public enum StreamBoundary {
    /**
     * Uniform inflow u = U at x = 0; zero-gradient outflow at x = width, with the outflow flux
     * corrected to equal the inflow so the pressure Poisson problem (pure Neumann) is solvable.
     */
    INFLOW_OUTFLOW,
    /** Left and right ends glued together (a periodic box when the sides are periodic too). */
    PERIODIC
}
