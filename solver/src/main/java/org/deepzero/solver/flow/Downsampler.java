package org.deepzero.solver.flow;

import org.deepzero.solver.grid.FluidMask;
import org.deepzero.solver.grid.StaggeredGrid;

/**
 * Restricts a fine state to a grid {@code factor} times coarser over the same domain, conserving
 * fluxes: a coarse u-face gets the mean of the {@code factor} fine u-faces that tile it (same for
 * v), a coarse cell the mean pressure of its {@code factor x factor} fine cells. Faces that are
 * closed on the coarse mask (obstacle) are set to zero so the result obeys the coarse no-slip
 * condition.
 */
public final class Downsampler {
    private final FluidMask coarseMask;
    private final int factor;

    /**
     * @param coarseMask mask of the coarse grid
     * @param factor     refinement factor of the fine grid, at least 1
     */
    public Downsampler(FluidMask coarseMask, int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("downsampling factor must be >= 1, got " + factor);
        }
        this.coarseMask = coarseMask;
        this.factor = factor;
    }

    /**
     * @param fine a state on the grid {@code factor} times finer than the coarse mask's grid
     * @return the coarse state; time kept, step index divided by the factor
     */
    public FlowState downsample(FlowState fine) {
        StaggeredGrid c = coarseMask.grid();
        StaggeredGrid f = fine.grid();
        if (f.nx() != c.nx() * factor || f.ny() != c.ny() * factor) {
            throw new IllegalArgumentException("fine grid " + f.nx() + "x" + f.ny() + " is not "
                    + factor + " times coarse grid " + c.nx() + "x" + c.ny());
        }
        double[] u = new double[c.uCount()], v = new double[c.vCount()], p = new double[c.cellCount()];
        for (int j = 0; j < c.ny(); j++) {
            for (int i = 0; i <= c.nx(); i++) {
                int k = c.u(i, j);
                if (coarseMask.isOpenU(k)) {
                    double s = 0;
                    for (int m = 0; m < factor; m++) {
                        s += fine.u(i * factor, j * factor + m);
                    }
                    u[k] = s / factor;
                }
            }
        }
        for (int j = 0; j <= c.ny(); j++) {
            for (int i = 0; i < c.nx(); i++) {
                int k = c.v(i, j);
                if (coarseMask.isOpenV(k)) {
                    double s = 0;
                    for (int m = 0; m < factor; m++) {
                        s += fine.v(i * factor + m, j * factor);
                    }
                    v[k] = s / factor;
                }
            }
        }
        for (int j = 0; j < c.ny(); j++) {
            for (int i = 0; i < c.nx(); i++) {
                double s = 0;
                for (int b = 0; b < factor; b++) {
                    for (int a = 0; a < factor; a++) {
                        s += fine.pressure(i * factor + a, j * factor + b);
                    }
                }
                p[c.cell(i, j)] = s / (factor * factor);
            }
        }
        return FlowState.of(c, u, v, p, fine.time(), fine.step() / factor);
    }
}
