package org.deepzero.solver.diag;

import org.deepzero.solver.flow.FlowState;
import org.deepzero.solver.grid.FluidMask;
import org.deepzero.solver.grid.StaggeredGrid;
import org.deepzero.solver.ops.Divergence;
import org.deepzero.solver.ops.FaceSampler;

/** Scalar and field diagnostics of a flow state. */
public final class FlowDiagnostics {
    private FlowDiagnostics() {
    }

    /** @return {@code max |div u| h / U} over fluid cells, U the inflow speed of the mask's boundaries */
    public static double maxDivergence(FluidMask mask, FlowState s) {
        return Divergence.maxNormalized(mask, s.velocity(), mask.boundaries().inflowSpeed());
    }

    /** @return kinetic energy {@code 1/2 integral (u^2 + v^2) dA}, each face weighted by dx dy */
    public static double kineticEnergy(FlowState s) {
        StaggeredGrid g = s.grid();
        double e = 0;
        // interior faces count fully, boundary faces half: the trapezoid rule per direction
        for (int j = 0; j < g.ny(); j++) {
            for (int i = 0; i <= g.nx(); i++) {
                double w = (i == 0 || i == g.nx()) ? 0.5 : 1;
                e += w * s.u(i, j) * s.u(i, j);
            }
        }
        for (int j = 0; j <= g.ny(); j++) {
            for (int i = 0; i < g.nx(); i++) {
                double w = (j == 0 || j == g.ny()) ? 0.5 : 1;
                e += w * s.v(i, j) * s.v(i, j);
            }
        }
        return 0.5 * e * g.dx() * g.dy();
    }

    /**
     * Vorticity {@code dv/dx - du/dy} at cell centres: computed at the interior cell corners and
     * averaged over the four corners of each cell (boundary corners count as zero). Solid cells are 0.
     *
     * @param mask fluid cells
     * @param s    the state
     * @return {@code [ny][nx]} row-major
     */
    public static double[] vorticity(FluidMask mask, FlowState s) {
        StaggeredGrid g = s.grid();
        int nx = g.nx(), ny = g.ny();
        double[] node = new double[(nx + 1) * (ny + 1)];
        for (int j = 1; j < ny; j++) {
            for (int i = 1; i < nx; i++) {
                node[j * (nx + 1) + i] = (s.v(i, j) - s.v(i - 1, j)) / g.dx()
                        - (s.u(i, j) - s.u(i, j - 1)) / g.dy();
            }
        }
        double[] w = new double[nx * ny];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                if (mask.isSolid(g.cell(i, j))) {
                    continue;
                }
                int k = j * (nx + 1) + i;
                w[g.cell(i, j)] = 0.25 * (node[k] + node[k + 1] + node[k + nx + 1] + node[k + nx + 2]);
            }
        }
        return w;
    }

    /**
     * The pressure force on all obstacles, integrated over the staircase surface (the faces
     * between fluid and solid cells, each with the pressure of its fluid cell). The viscous shear
     * is left out: at Re ~ 100-200 it changes the lift amplitude by a few percent but not its
     * frequency, which is what the Strouhal number needs.
     *
     * @param mask fluid cells
     * @param s    the state
     * @return {Fx, Fy} per unit depth, density 1
     */
    public static double[] pressureForce(FluidMask mask, FlowState s) {
        StaggeredGrid g = s.grid();
        double fx = 0, fy = 0;
        for (int j = 0; j < g.ny(); j++) {
            for (int i = 0; i < g.nx(); i++) {
                if (!mask.isSolid(g.cell(i, j))) {
                    continue;
                }
                // fluid neighbour on the left pushes the body to +x, on the right to -x, ...
                if (i > 0 && !mask.isSolid(g.cell(i - 1, j))) {
                    fx += s.pressure(i - 1, j) * g.dy();
                }
                if (i < g.nx() - 1 && !mask.isSolid(g.cell(i + 1, j))) {
                    fx -= s.pressure(i + 1, j) * g.dy();
                }
                if (j > 0 && !mask.isSolid(g.cell(i, j - 1))) {
                    fy += s.pressure(i, j - 1) * g.dx();
                }
                if (j < g.ny() - 1 && !mask.isSolid(g.cell(i, j + 1))) {
                    fy -= s.pressure(i, j + 1) * g.dx();
                }
            }
        }
        return new double[] {fx, fy};
    }

    /**
     * A velocity probe: u and v interpolated at a point.
     *
     * @param sampler the sampler of the flow's grid and boundaries
     * @param s       the state
     * @param x       probe x
     * @param y       probe y
     * @return {u, v}
     */
    public static double[] probe(FaceSampler sampler, FlowState s, double x, double y) {
        return new double[] {sampler.u(s.uValues(), x, y), sampler.v(s.vValues(), x, y)};
    }
}
