package org.deepzero.bench.legacy;

import org.deepzero.solver.ops.*;

import org.deepzero.solver.grid.FluidMask;
import org.deepzero.solver.grid.StaggeredGrid;

/**
 * Self-advection of a staggered velocity field, {@code du/dt + (u . grad) u = 0}, by
 * semi-Lagrangian back-tracing (unconditionally stable, so the time step is set by accuracy, not
 * stability). Closed (solid) faces stay zero. Immutable and thread-safe.
 */
public final class Advection {
    private final StaggeredGrid grid;
    private final FluidMask mask;
    private final FaceSampler sampler;
    private final AdvectionScheme scheme;

    /**
     * @param mask   cells and faces of the domain (its boundaries give the sampling rules)
     * @param scheme semi-Lagrangian or MacCormack
     */
    public Advection(FluidMask mask, AdvectionScheme scheme) {
        this.grid = mask.grid();
        this.mask = mask;
        this.sampler = new FaceSampler(grid, mask.boundaries());
        this.scheme = scheme;
    }

    /**
     * Advects a velocity field by itself over one time step.
     *
     * @param velocity the field, unchanged
     * @param dt       time step
     * @return the advected field (new arrays)
     */
    public FaceVelocity selfAdvect(FaceVelocity velocity, double dt) {
        return advect(velocity, velocity, dt);
    }

    /**
     * Advects a staggered field along the characteristics of a (divergence-free) carrier velocity.
     *
     * @param field   the transported field, unchanged
     * @param carrier the velocity that moves it, unchanged
     * @param dt      time step
     * @return the advected field (new arrays)
     */
    public FaceVelocity advect(FaceVelocity field, FaceVelocity carrier, double dt) {
        if (scheme == AdvectionScheme.SEMI_LAGRANGIAN) {
            return trace(field, carrier, dt, null, null);
        }
        double[] loU = new double[grid.uCount()], hiU = new double[grid.uCount()];
        double[] loV = new double[grid.vCount()], hiV = new double[grid.vCount()];
        FaceVelocity forward = trace(field, carrier, dt, new double[][] {loU, hiU}, new double[][] {loV, hiV});
        FaceVelocity backward = trace(forward, carrier, -dt, null, null);
        correct(forward.u, field.u, backward.u, loU, hiU);
        correct(forward.v, field.v, backward.v, loV, hiV);
        return forward;
    }

    /** MacCormack: add half the round-trip error, clamped to the forward stencil's range. */
    private static void correct(double[] hat, double[] orig, double[] back, double[] lo, double[] hi) {
        for (int k = 0; k < hat.length; k++) {
            double c = hat[k] + 0.5 * (orig[k] - back[k]);
            hat[k] = c < lo[k] ? lo[k] : (c > hi[k] ? hi[k] : c);
        }
    }

    /**
     * Semi-Lagrangian transport of {@code field} by {@code carrier} over {@code dt}.
     *
     * @param rangeU when not null, receives the stencil min/max of each u sample
     */
    private FaceVelocity trace(FaceVelocity field, FaceVelocity carrier, double dt,
                               double[][] rangeU, double[][] rangeV) {
        int nx = grid.nx(), ny = grid.ny();
        double dx = grid.dx(), dy = grid.dy();
        FaceVelocity out = FaceVelocity.zeros(grid);
        double[] p = new double[2];
        double[] range = new double[2];
        for (int j = 0; j < ny; j++) {
            double y = (j + 0.5) * dy;
            for (int i = 0; i <= nx; i++) {
                int f = grid.u(i, j);
                if (!mask.isOpenU(f)) {
                    continue;
                }
                double x = i * dx;
                // the carrier's own u sits on this face: no interpolation needed for it
                backtrace(carrier, x, y, carrier.u[f], sampler.v(carrier.v, x, y), dt, p);
                if (rangeU == null) {
                    out.u[f] = sampler.u(field.u, p[0], p[1]);
                } else {
                    out.u[f] = sampler.u(field.u, p[0], p[1], range);
                    rangeU[0][f] = range[0];
                    rangeU[1][f] = range[1];
                }
            }
        }
        for (int j = 0; j <= ny; j++) {
            double y = j * dy;
            for (int i = 0; i < nx; i++) {
                int f = grid.v(i, j);
                if (!mask.isOpenV(f)) {
                    continue;
                }
                double x = (i + 0.5) * dx;
                backtrace(carrier, x, y, sampler.u(carrier.u, x, y), carrier.v[f], dt, p);
                if (rangeV == null) {
                    out.v[f] = sampler.v(field.v, p[0], p[1]);
                } else {
                    out.v[f] = sampler.v(field.v, p[0], p[1], range);
                    rangeV[0][f] = range[0];
                    rangeV[1][f] = range[1];
                }
            }
        }
        return out;
    }

    /** Midpoint (RK2) trace of the point (x, y), where the carrier is (u1, v1), back over dt; result in {@code p}. */
    private void backtrace(FaceVelocity c, double x, double y, double u1, double v1, double dt, double[] p) {
        double xm = x - 0.5 * dt * u1;
        double ym = y - 0.5 * dt * v1;
        p[0] = x - dt * sampler.u(c.u, xm, ym);
        p[1] = y - dt * sampler.v(c.v, xm, ym);
    }
}
