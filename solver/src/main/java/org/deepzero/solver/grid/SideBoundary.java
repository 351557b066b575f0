package org.deepzero.solver.grid;

/** What happens at the top and bottom (y = 0, y = height) sides of the domain. */
public enum SideBoundary {
    /** Impermeable, no shear stress: v = 0 on the wall, du/dy = 0 (a mirror). Default. */
    FREE_SLIP,
    /** The bottom and top sides are glued together: the flow leaves at the top and re-enters below. */
    PERIODIC
}
