package org.deepzero.solver.burgers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** 2D Burgers against a manufactured solution and the energy law of the unforced equations. */
class Burgers2dTest {
    private static final double L = 2 * Math.PI;
    private static final double NU = 0.05;
    private static final double A = 0.8;
    private static final double U0 = 0.3;
    private static final double V0 = -0.2;

    /** The manufactured solution: a decaying Taylor-Green-like cell carried by a uniform stream (U0, V0). */
    private static double g(double t) {
        return Math.exp(-t);
    }

    private static double ue(double x, double y, double t) {
        return U0 + A * Math.sin(x) * Math.cos(y) * g(t);
    }

    private static double ve(double x, double y, double t) {
        return V0 - A * Math.cos(x) * Math.sin(y) * g(t);
    }

    /** The source that makes (ue, ve) solve Burgers exactly: S = ∂u/∂t + (u·∇)u − ν∇²u, by hand. */
    private static final Forcing SOURCE = (x, y, t, out) -> {
        double gg = g(t), dg = -g(t);
        double u = ue(x, y, t), v = ve(x, y, t);
        double ux = A * Math.cos(x) * Math.cos(y) * gg, uy = -A * Math.sin(x) * Math.sin(y) * gg;
        double vx = A * Math.sin(x) * Math.sin(y) * gg, vy = -A * Math.cos(x) * Math.cos(y) * gg;
        double lapU = -2 * A * Math.sin(x) * Math.cos(y) * gg, lapV = 2 * A * Math.cos(x) * Math.sin(y) * gg;
        out[0] = A * Math.sin(x) * Math.cos(y) * dg + u * ux + v * uy - NU * lapU;
        out[1] = -A * Math.cos(x) * Math.sin(y) * dg + u * vx + v * vy - NU * lapV;
    };

    /** End time of the convergence runs: short, so that they take about a second. */
    private static final double T = 0.5;

    /** The state at t = T on an n x n grid with {@code steps} steps. */
    private static BurgersState solve(int n, int steps) {
        Burgers2d b = new Burgers2d(n, L, NU, T / steps, SOURCE);
        BurgersState s = b.stateOf((x, y) -> ue(x, y, 0), (x, y) -> ve(x, y, 0), 0);
        for (int k = 0; k < steps; k++) {
            s = b.step(s);
        }
        return s;
    }

    /** Max error against the manufactured solution. */
    private static double error(BurgersState s) {
        int n = s.n();
        double dx = L / n, err = 0;
        double[] u = s.u(), v = s.v();
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double x = (i + 0.5) * dx, y = (j + 0.5) * dx;
                err = Math.max(err, Math.abs(u[j * n + i] - ue(x, y, s.time())));
                err = Math.max(err, Math.abs(v[j * n + i] - ve(x, y, s.time())));
            }
        }
        return err;
    }

    /**
     * Third order in space: with dt shrinking as dx^1.5 the second-order time error shrinks as dx^3
     * too, and the observed order against the manufactured solution at 32, 64, 128 cells is 3.
     */
    @Test
    void observedSpatialOrderIsThree() {
        double[] e = new double[3];
        for (int r = 0; r < 3; r++) {
            int n = 32 << r;
            e[r] = error(solve(n, (int) Math.ceil(20 * Math.pow(2, 1.5 * r))));
        }
        double p1 = Math.log(e[0] / e[1]) / Math.log(2), p2 = Math.log(e[1] / e[2]) / Math.log(2);
        System.out.printf("Burgers manufactured solution, max error at t=0.5 (n=32,64,128): %.3e %.3e %.3e; "
                + "orders %.3f %.3f%n", e[0], e[1], e[2], p1, p2);
        assertEquals(3.0, p1, 0.3, "order 32 -> 64");
        assertEquals(3.0, p2, 0.3, "order 64 -> 128");
    }

    /**
     * Second order in time: on one grid, the differences between solutions with 10, 20 and 40 steps
     * shrink by 4 (self-convergence removes the spatial error, which is the same for all three).
     */
    @Test
    void observedTemporalOrderIsTwo() {
        BurgersState a = solve(48, 10), b = solve(48, 20), c = solve(48, 40);
        double d1 = maxDiff(a, b), d2 = maxDiff(b, c);
        double p = Math.log(d1 / d2) / Math.log(2);
        System.out.printf("Burgers time self-convergence (10, 20, 40 steps): differences %.3e %.3e; order %.3f%n",
                d1, d2, p);
        assertEquals(2.0, p, 0.15);
    }

    private static double maxDiff(BurgersState a, BurgersState b) {
        double d = 0;
        double[] au = a.u(), bu = b.u(), av = a.v(), bv = b.v();
        for (int k = 0; k < au.length; k++) {
            d = Math.max(d, Math.max(Math.abs(au[k] - bu[k]), Math.abs(av[k] - bv[k])));
        }
        return d;
    }

    /**
     * Unforced, a field that depends on x alone stays so and obeys 1D Burgers, whose energy decays at
     * exactly {@code dE/dt = −ν mean(u_x²)}: the discrete energy falls monotonically at that rate.
     */
    @Test
    void kineticEnergyDecaysAtTheViscousRate() {
        int n = 128;
        double nu = 0.1, dt = 0.005;
        Burgers2d b = new Burgers2d(n, L, nu, dt, Forcing.NONE);
        BurgersState s = b.stateOf((x, y) -> 0.5 * Math.sin(x) + 0.25 * Math.cos(2 * x), (x, y) -> 0.0, 0);
        double e0 = s.kineticEnergy();
        for (int k = 0; k < 200; k++) {
            BurgersState next = b.step(s);
            double rate = (next.kineticEnergy() - s.kineticEnergy()) / dt;
            double expected = -nu * 0.5 * (dissipation(s, b) + dissipation(next, b));
            assertTrue(next.kineticEnergy() < s.kineticEnergy(), "energy grew at step " + k);
            assertEquals(expected, rate, 0.03 * Math.abs(expected), "dE/dt at step " + k);
            s = next;
        }
        assertTrue(s.kineticEnergy() < 0.95 * e0, e0 + " -> " + s.kineticEnergy());
    }

    /**
     * A 2D random field, unforced, loses most of its energy. (In 2D the advective term can move energy
     * either way, {@code dE/dt = mean(|u|²/2 ∇·u) − ν mean(|∇u|²)}, so only the net decay is a law.)
     */
    @Test
    void energyOfA2dFieldDecaysWithoutForcing() {
        int n = 32;
        Burgers2d b = new Burgers2d(n, 32, 0.1, 0.1, Forcing.NONE);
        Forcing f = Forcing.sinusoids(5, 20, 1.0, 0.4, 32);
        double[] fv = new double[2];
        BurgersState s = b.stateOf((x, y) -> {
            f.at(x, y, 0, fv);
            return fv[0];
        }, (x, y) -> {
            f.at(x, y, 0, fv);
            return fv[1];
        }, 0);
        double e0 = s.kineticEnergy();
        for (int k = 0; k < 300; k++) {
            s = b.step(s);
        }
        assertTrue(s.kineticEnergy() < 0.5 * e0, e0 + " -> " + s.kineticEnergy());
    }

    /** Restriction averages blocks: a constant stays, the mean is kept. */
    @Test
    void restrictionKeepsTheMean() {
        Burgers2d fine = new Burgers2d(16, L, 0.1, 0.1, Forcing.NONE);
        BurgersState s = fine.stateOf((x, y) -> 2 + Math.sin(x) * Math.cos(3 * y), (x, y) -> -1.5, 0);
        BurgersState c = Burgers2d.restrict(s, 4);
        assertEquals(4, c.n());
        double mean = java.util.Arrays.stream(c.u()).average().orElseThrow();
        assertEquals(java.util.Arrays.stream(s.u()).average().orElseThrow(), mean, 1e-12);
        for (double v : c.v()) {
            assertEquals(-1.5, v, 1e-12);
        }
    }

    /** mean of |∇u|² + |∇v|² by central differences. */
    private static double dissipation(BurgersState s, Burgers2d b) {
        int n = s.n();
        double[] u = s.u(), v = s.v();
        double sum = 0, h = 2 * b.dx();
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                int ip = j * n + (i + 1) % n, im = j * n + (i + n - 1) % n;
                int jp = ((j + 1) % n) * n + i, jm = ((j + n - 1) % n) * n + i;
                double ux = (u[ip] - u[im]) / h, uy = (u[jp] - u[jm]) / h;
                double vx = (v[ip] - v[im]) / h, vy = (v[jp] - v[jm]) / h;
                sum += ux * ux + uy * uy + vx * vx + vy * vy;
            }
        }
        return sum / (n * n);
    }
}
