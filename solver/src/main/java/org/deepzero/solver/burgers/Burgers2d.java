package org.deepzero.solver.burgers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deepzero.solver.SimulationDivergedException;
import org.deepzero.solver.pde.CoupledPde;

/**
 * The 2D viscous Burgers equations with a body force on a periodic square,
 * {@code ∂u/∂t + (u·∇)u = ν∇²u + f}, u = (u, v) at cell centres.
 *
 * <p>Scheme: second-order upwind differences for advection (the upwind side chosen by the sign of
 * the advecting velocity, so no odd-even oscillations at cell Reynolds numbers above 2), central
 * differences for diffusion, Heun's method (RK2) in time: second order in space and time, verified
 * against a manufactured solution. Stable for {@code (|u| + |v|) dt / dx} up to 0.5 (second-order
 * upwind has eigenvalues down to −4 CFL on the real axis, Heun's method reaches −2). Thread-safe:
 * {@link #step} is a pure function.
 */
public final class Burgers2d implements CoupledPde<BurgersState> {
    private final int n;
    private final double length;
    private final double dx;
    private final double viscosity;
    private final double dt;
    private final Forcing forcing;

    /**
     * @param n         cells per side
     * @param length    side of the square domain
     * @param viscosity ν
     * @param dt        time step
     * @param forcing   body force
     */
    public Burgers2d(int n, double length, double viscosity, double dt, Forcing forcing) {
        if (n < 4 || !(length > 0) || !(viscosity >= 0) || !(dt > 0)) {
            throw new IllegalArgumentException("need n >= 4, length > 0, viscosity >= 0, dt > 0; got n=" + n
                    + ", length=" + length + ", viscosity=" + viscosity + ", dt=" + dt);
        }
        this.n = n;
        this.length = length;
        this.dx = length / n;
        this.viscosity = viscosity;
        this.dt = dt;
        this.forcing = forcing;
    }

    /** @return cells per side */
    public int n() {
        return n;
    }

    /** @return the cell size */
    public double dx() {
        return dx;
    }

    /** @return the time step */
    public double dt() {
        return dt;
    }

    /** @return x (or y) of cell centre i */
    public double centre(int i) {
        return (i + 0.5) * dx;
    }

    /** The fluid at rest; the forcing sets it in motion. */
    @Override
    public BurgersState initialState() {
        return new BurgersState(n, new double[n * n], new double[n * n], 0, 0);
    }

    /** A state sampled from functions of the cell centres. */
    public BurgersState stateOf(java.util.function.DoubleBinaryOperator u, java.util.function.DoubleBinaryOperator v,
                                double time) {
        double[] uu = new double[n * n], vv = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                uu[j * n + i] = u.applyAsDouble(centre(i), centre(j));
                vv[j * n + i] = v.applyAsDouble(centre(i), centre(j));
            }
        }
        return new BurgersState(n, uu, vv, time, 0);
    }

    @Override
    public BurgersState step(BurgersState s) {
        if (s.n() != n) {
            throw new IllegalArgumentException("state on " + s.n() + "^2 cells, solver on " + n + "^2");
        }
        double[] u = s.u(), v = s.v();
        double[] ku1 = new double[n * n], kv1 = new double[n * n];
        rhs(u, v, s.time(), ku1, kv1);
        double[] us = new double[n * n], vs = new double[n * n];
        for (int k = 0; k < n * n; k++) {
            us[k] = u[k] + dt * ku1[k];
            vs[k] = v[k] + dt * kv1[k];
        }
        double[] ku2 = new double[n * n], kv2 = new double[n * n];
        rhs(us, vs, s.time() + dt, ku2, kv2);
        double max = 0;
        for (int k = 0; k < n * n; k++) {
            u[k] += 0.5 * dt * (ku1[k] + ku2[k]);
            v[k] += 0.5 * dt * (kv1[k] + kv2[k]);
            max = Math.max(max, Math.abs(u[k]) + Math.abs(v[k]));
        }
        // stable to (|u|+|v|) dt/dx = 0.5; four times that, or NaN, and the run is lost
        if (!(max * dt / dx < 2)) {
            throw new SimulationDivergedException(s.step() + 1, "Burgers: max |u|+|v| = " + max + ", CFL " + max * dt / dx);
        }
        return new BurgersState(n, u, v, s.time() + dt, s.step() + 1);
    }

    /** The right-hand side {@code -(u·∇)u + ν∇²u + f} of both components. */
    void rhs(double[] u, double[] v, double t, double[] ru, double[] rv) {
        double inv2dx = 1 / (2 * dx), invDx2 = 1 / (dx * dx);
        double[] f = new double[2];
        for (int j = 0; j < n; j++) {
            int jm = (j + n - 1) % n, jp = (j + 1) % n, jmm = (j + n - 2) % n, jpp = (j + 2) % n;
            for (int i = 0; i < n; i++) {
                int im = (i + n - 1) % n, ip = (i + 1) % n, imm = (i + n - 2) % n, ipp = (i + 2) % n;
                int c = j * n + i;
                double a = u[c], b = v[c];
                forcing.at(centre(i), centre(j), t, f);
                ru[c] = -a * ddx(u, j, i, im, imm, ip, ipp, a, inv2dx) - b * ddy(u, i, j, jm, jmm, jp, jpp, b, inv2dx)
                        + viscosity * (u[j * n + ip] + u[j * n + im] + u[jp * n + i] + u[jm * n + i] - 4 * a) * invDx2
                        + f[0];
                rv[c] = -a * ddx(v, j, i, im, imm, ip, ipp, a, inv2dx) - b * ddy(v, i, j, jm, jmm, jp, jpp, b, inv2dx)
                        + viscosity * (v[j * n + ip] + v[j * n + im] + v[jp * n + i] + v[jm * n + i] - 4 * b) * invDx2
                        + f[1];
            }
        }
    }

    /** Second-order upwind ∂q/∂x at (i, j), upwind for advecting velocity {@code a}. */
    private double ddx(double[] q, int j, int i, int im, int imm, int ip, int ipp, double a, double inv2dx) {
        int r = j * n;
        return a >= 0 ? (3 * q[r + i] - 4 * q[r + im] + q[r + imm]) * inv2dx
                : (-3 * q[r + i] + 4 * q[r + ip] - q[r + ipp]) * inv2dx;
    }

    /** Second-order upwind ∂q/∂y at (i, j), upwind for advecting velocity {@code b}. */
    private double ddy(double[] q, int i, int j, int jm, int jmm, int jp, int jpp, double b, double inv2dx) {
        return b >= 0 ? (3 * q[j * n + i] - 4 * q[jm * n + i] + q[jmm * n + i]) * inv2dx
                : (-3 * q[j * n + i] + 4 * q[jp * n + i] - q[jpp * n + i]) * inv2dx;
    }

    /** {@code kineticEnergy} (mean of |u|²/2) and {@code maxSpeed}. */
    @Override
    public Map<String, Double> diagnostics(BurgersState state) {
        double max = 0;
        double[] u = state.u(), v = state.v();
        for (int k = 0; k < u.length; k++) {
            max = Math.max(max, Math.hypot(u[k], v[k]));
        }
        Map<String, Double> d = new LinkedHashMap<>();
        d.put("kineticEnergy", state.kineticEnergy());
        d.put("maxSpeed", max);
        return d;
    }

    /** {@code {2, n, n}}: u then v at cell centres, all open. */
    @Override
    public int[] channelShape() {
        return new int[] {2, n, n};
    }

    @Override
    public double[] toChannels(BurgersState state) {
        return state.toChannels();
    }

    @Override
    public BurgersState withCorrection(BurgersState state, double[] correction) {
        return state.withCorrection(correction);
    }

    /** All ones: a periodic box has no walls. */
    @Override
    public double[] openChannels() {
        double[] o = new double[2 * n * n];
        java.util.Arrays.fill(o, 1.0);
        return o;
    }

    @Override
    public String pictureName() {
        return "vorticity";
    }

    @Override
    public int[] pictureShape() {
        return new int[] {n, n};
    }

    /** {@code ∂v/∂x − ∂u/∂y}, central differences. */
    @Override
    public double[] picture(BurgersState s) {
        double[] u = s.u(), v = s.v(), w = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                w[j * n + i] = (v[j * n + (i + 1) % n] - v[j * n + (i + n - 1) % n]
                        - u[((j + 1) % n) * n + i] + u[((j + n - 1) % n) * n + i]) / (2 * dx);
            }
        }
        return w;
    }

    @Override
    public boolean[] pictureMask() {
        return new boolean[n * n];
    }

    /**
     * Restriction of a fine state onto a grid {@code factor} times coarser: the mean over each
     * {@code factor x factor} block (the coarse cell's average, second-order at its centre).
     */
    public static BurgersState restrict(BurgersState fine, int factor) {
        int nf = fine.n();
        if (nf % factor != 0) {
            throw new IllegalArgumentException(nf + " cells do not divide by " + factor);
        }
        int nc = nf / factor;
        double[] fu = fine.u(), fv = fine.v(), u = new double[nc * nc], v = new double[nc * nc];
        double w = 1.0 / (factor * factor);
        for (int j = 0; j < nf; j++) {
            for (int i = 0; i < nf; i++) {
                int c = (j / factor) * nc + i / factor;
                u[c] += w * fu[j * nf + i];
                v[c] += w * fv[j * nf + i];
            }
        }
        return new BurgersState(nc, u, v, fine.time(), fine.step() / factor);
    }
}
