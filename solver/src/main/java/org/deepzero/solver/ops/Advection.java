package org.deepzero.solver.ops;

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
        Carrier c = new Carrier(carrier);
        if (scheme == AdvectionScheme.SEMI_LAGRANGIAN) {
            return trace(field, c, dt, null, null);
        }
        double[] loU = new double[grid.uCount()], hiU = new double[grid.uCount()];
        double[] loV = new double[grid.vCount()], hiV = new double[grid.vCount()];
        FaceVelocity forward = trace(field, c, dt, new double[][] {loU, hiU}, new double[][] {loV, hiV});
        FaceVelocity backward = trace(forward, c, -dt, null, null);
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
     * The carrier velocity and its other component interpolated at each open face (v at u-faces,
     * u at v-faces), computed once and shared by the forward and backward traces of MacCormack.
     */
    private final class Carrier {
        final FaceVelocity velocity;
        final double[] vAtU;
        final double[] uAtV;

        Carrier(FaceVelocity velocity) {
            this.velocity = velocity;
            int nx = grid.nx(), ny = grid.ny();
            double dx = grid.dx(), dy = grid.dy();
            this.vAtU = new double[grid.uCount()];
            this.uAtV = new double[grid.vCount()];
            for (int j = 0; j < ny; j++) {
                double y = (j + 0.5) * dy;
                for (int i = 0; i <= nx; i++) {
                    int f = grid.u(i, j);
                    if (mask.isOpenU(f)) {
                        vAtU[f] = sampler.v(velocity.v, i * dx, y);
                    }
                }
            }
            for (int j = 0; j <= ny; j++) {
                double y = j * dy;
                for (int i = 0; i < nx; i++) {
                    int f = grid.v(i, j);
                    if (mask.isOpenV(f)) {
                        uAtV[f] = sampler.u(velocity.u, (i + 0.5) * dx, y);
                    }
                }
            }
        }
    }

    /**
     * Semi-Lagrangian transport of {@code field} by {@code carrier} over {@code dt}: a midpoint
     * (RK2) back-trace of every open face, then the field sampled at the departure point.
     *
     * <p>Why in passes over all faces (departure points first, then samples) instead of face by
     * face: the three interpolations of one face depend on each other, while different faces are
     * independent, so a pass of one kind of interpolation over many faces keeps the CPU busy
     * instead of waiting on one chain. The arithmetic of each value is unchanged.
     *
     * @param rangeU when not null, receives the stencil min/max of each u sample
     */
    private FaceVelocity trace(FaceVelocity field, Carrier carrier, double dt,
                               double[][] rangeU, double[][] rangeV) {
        int nx = grid.nx(), ny = grid.ny();
        double dx = grid.dx(), dy = grid.dy();
        FaceVelocity c = carrier.velocity;
        FaceVelocity out = FaceVelocity.zeros(grid);
        double[] range = new double[2];
        double[] px = new double[Math.max(grid.uCount(), grid.vCount())];
        double[] py = new double[px.length];
        for (int j = 0; j < ny; j++) {
            double y = (j + 0.5) * dy;
            for (int i = 0; i <= nx; i++) {
                int f = grid.u(i, j);
                if (mask.isOpenU(f)) {
                    double x = i * dx;
                    // the carrier's own u sits on this face: no interpolation needed for it
                    double xm = x - 0.5 * dt * c.u[f];
                    double ym = y - 0.5 * dt * carrier.vAtU[f];
                    px[f] = x - dt * sampler.u(c.u, xm, ym);
                    py[f] = y - dt * sampler.v(c.v, xm, ym);
                }
            }
        }
        for (int f = 0; f < grid.uCount(); f++) {
            if (!mask.isOpenU(f)) {
                continue;
            }
            if (rangeU == null) {
                out.u[f] = sampler.u(field.u, px[f], py[f]);
            } else {
                out.u[f] = sampler.u(field.u, px[f], py[f], range);
                rangeU[0][f] = range[0];
                rangeU[1][f] = range[1];
            }
        }
        for (int j = 0; j <= ny; j++) {
            double y = j * dy;
            for (int i = 0; i < nx; i++) {
                int f = grid.v(i, j);
                if (mask.isOpenV(f)) {
                    double x = (i + 0.5) * dx;
                    double xm = x - 0.5 * dt * carrier.uAtV[f];
                    double ym = y - 0.5 * dt * c.v[f];
                    px[f] = x - dt * sampler.u(c.u, xm, ym);
                    py[f] = y - dt * sampler.v(c.v, xm, ym);
                }
            }
        }
        for (int f = 0; f < grid.vCount(); f++) {
            if (!mask.isOpenV(f)) {
                continue;
            }
            if (rangeV == null) {
                out.v[f] = sampler.v(field.v, px[f], py[f]);
            } else {
                out.v[f] = sampler.v(field.v, px[f], py[f], range);
                rangeV[0][f] = range[0];
                rangeV[1][f] = range[1];
            }
        }
        return out;
    }
}
