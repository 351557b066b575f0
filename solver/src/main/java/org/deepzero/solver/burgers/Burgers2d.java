package org.deepzero.solver.burgers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deepzero.solver.SimulationDivergedException;
import org.deepzero.solver.pde.CoupledPde;

/**
 * The 2D viscous Burgers equations with a body force on a periodic square,
 * {@code ∂u/∂t + (u·∇)u = ν∇²u + f}, u = (u, v) at cell centres.
 *
 * <p>Scheme: third-order upwind-biased differences for advection (the upwind side chosen by the
 * sign of the advecting velocity: no odd-even oscillations at cell Reynolds numbers above 2, and
 * far less damping than first-order upwind), fourth-order central differences for diffusion, Heun's
 * method (RK2) in time: third order in space and second in time, verified against a manufactured solution. The upwind-biased
 * stencil's eigenvalues reach only −4/3 CFL on the real axis, so the forced flows of the Burgers
 * case (|u| + |v| up to about 5 at dt/dx = 0.1) stay well inside Heun's stability region.
 * Thread-safe: {@link #step} is a pure function.
 */
public final class Burgers2d implements CoupledPde<BurgersState> {
    private final int n;
    private final double length;
    private final double dx;
    private final double viscosity;
    private final double dt;
    private final Forcing forcing;
    /** The force at the cell centres when it is steady (sampled once: 20 sines per cell are costly), else null. */
    private final double[] steadyU;
    private final double[] steadyV;
    private final EnergySpectrum spectrum;

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
        this.spectrum = new EnergySpectrum(n);
        if (forcing.steady()) {
            steadyU = new double[n * n];
            steadyV = new double[n * n];
            double[] f = new double[2];
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    forcing.at(centre(i), centre(j), 0, f);
                    steadyU[j * n + i] = f[0];
                    steadyV[j * n + i] = f[1];
                }
            }
        } else {
            steadyU = null;
            steadyV = null;
        }
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

    /**
     * Initial state number {@code k}: 0 is the fluid at rest ({@link #initialState()}); every other k
     * a seeded random periodic velocity of three low modes (wavenumbers 1 to 3, amplitude up to 0.1
     * each), so each k is an independent trajectory under the same forcing.
     *
     * @param k perturbation index, at least 0
     */
    public BurgersState initialState(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("perturbation index must be >= 0, got " + k);
        }
        if (k == 0) {
            return initialState();
        }
        java.util.SplittableRandom r = org.deepzero.common.Seeds.forStep(0x42555247L, k);
        double len = n * dx;
        double[][] modes = new double[6][];
        for (int m = 0; m < modes.length; m++) {
            // {kx, ky, amplitude, phase}; the first three shape u, the last three v
            modes[m] = new double[] {r.nextInt(0, 4), r.nextInt(1, 4), r.nextDouble(-0.1, 0.1),
                    r.nextDouble(0, 2 * Math.PI)};
        }
        java.util.function.IntFunction<java.util.function.DoubleBinaryOperator> field = first -> (x, y) -> {
            double s = 0;
            for (int m = first; m < first + 3; m++) {
                s += modes[m][2] * Math.sin(2 * Math.PI * (modes[m][0] * x + modes[m][1] * y) / len + modes[m][3]);
            }
            return s;
        };
        return stateOf(field.apply(0), field.apply(3), 0);
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
        for (int k = 0; k < n * n; k++) {
            u[k] += 0.5 * dt * (ku1[k] + ku2[k]);
            v[k] += 0.5 * dt * (kv1[k] + kv2[k]);
        }
        return next(s, u, v, dt, dx);
    }

    /**
     * The state one step after {@code before} with fields u and v (computed here or by an external
     * program), after the blow-up check.
     *
     * @throws SimulationDivergedException far past the stable CFL range (about 1), or on NaN
     */
    static BurgersState next(BurgersState before, double[] u, double[] v, double dt, double dx) {
        double max = 0;
        for (int k = 0; k < u.length; k++) {
            max = Math.max(max, Math.abs(u[k]) + Math.abs(v[k]));
        }
        if (!(max * dt / dx < 3)) {
            throw new SimulationDivergedException(before.step() + 1, "Burgers: max |u|+|v| = " + max + ", CFL "
                    + max * dt / dx);
        }
        return new BurgersState(before.n(), u, v, before.time() + dt, before.step() + 1);
    }

    /** The right-hand side {@code -(u·∇)u + ν∇²u + f} of both components. */
    void rhs(double[] u, double[] v, double t, double[] ru, double[] rv) {
        double inv6dx = 1 / (6 * dx), inv12dx2 = 1 / (12 * dx * dx);
        double[] f = new double[2];
        for (int j = 0; j < n; j++) {
            int jm = (j + n - 1) % n, jp = (j + 1) % n, jmm = (j + n - 2) % n, jpp = (j + 2) % n;
            for (int i = 0; i < n; i++) {
                int im = (i + n - 1) % n, ip = (i + 1) % n, imm = (i + n - 2) % n, ipp = (i + 2) % n;
                int c = j * n + i;
                double a = u[c], b = v[c];
                if (steadyU != null) {
                    f[0] = steadyU[c];
                    f[1] = steadyV[c];
                } else {
                    forcing.at(centre(i), centre(j), t, f);
                }
                ru[c] = -a * ddx(u, j, i, im, imm, ip, ipp, a, inv6dx) - b * ddy(u, i, j, jm, jmm, jp, jpp, b, inv6dx)
                        + viscosity * laplacian(u, i, j, im, imm, ip, ipp, jm, jmm, jp, jpp) * inv12dx2 + f[0];
                rv[c] = -a * ddx(v, j, i, im, imm, ip, ipp, a, inv6dx) - b * ddy(v, i, j, jm, jmm, jp, jpp, b, inv6dx)
                        + viscosity * laplacian(v, i, j, im, imm, ip, ipp, jm, jmm, jp, jpp) * inv12dx2 + f[1];
            }
        }
    }

    /** Fourth-order central ∇²q at (i, j), times {@code 12 dx²}. */
    private double laplacian(double[] q, int i, int j, int im, int imm, int ip, int ipp, int jm, int jmm, int jp,
                             int jpp) {
        int r = j * n;
        return -q[r + ipp] + 16 * q[r + ip] - 60 * q[r + i] + 16 * q[r + im] - q[r + imm]
                - q[jpp * n + i] + 16 * q[jp * n + i] + 16 * q[jm * n + i] - q[jmm * n + i];
    }

    /** Third-order upwind-biased ∂q/∂x at (i, j), for advecting velocity {@code a}; {@code inv6dx = 1/(6 dx)}. */
    private double ddx(double[] q, int j, int i, int im, int imm, int ip, int ipp, double a, double inv6dx) {
        int r = j * n;
        return a >= 0 ? (2 * q[r + ip] + 3 * q[r + i] - 6 * q[r + im] + q[r + imm]) * inv6dx
                : (-q[r + ipp] + 6 * q[r + ip] - 3 * q[r + i] - 2 * q[r + im]) * inv6dx;
    }

    /** Third-order upwind-biased ∂q/∂y at (i, j), for advecting velocity {@code b}. */
    private double ddy(double[] q, int i, int j, int jm, int jmm, int jp, int jpp, double b, double inv6dx) {
        return b >= 0 ? (2 * q[jp * n + i] + 3 * q[j * n + i] - 6 * q[jm * n + i] + q[jmm * n + i]) * inv6dx
                : (-q[jpp * n + i] + 6 * q[jp * n + i] - 3 * q[j * n + i] - 2 * q[jm * n + i]) * inv6dx;
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

    /** The kinetic energy of each wavenumber shell ({@link EnergySpectrum#shells}). */
    @Override
    public double[] signals(BurgersState state) {
        return spectrum.shells(state.u(), state.v());
    }

    /** The kinetic energy spectrum averaged over the record, in octave bands ({@link EnergySpectrum#bands}). */
    @Override
    public Map<String, Double> physics(double[][] signals) {
        double[] mean = new double[spectrum.maxShell() + 1];
        for (double[] s : signals) {
            for (int k = 0; k < mean.length; k++) {
                mean[k] += s[k] / signals.length;
            }
        }
        return spectrum.bands(mean);
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
