package org.deepzero.solver.ops;

import java.util.List;
import org.deepzero.solver.grid.FlowBoundaries;
import org.deepzero.solver.grid.FluidMask;
import org.deepzero.solver.grid.StaggeredGrid;
import org.hipparchus.exception.LocalizedCoreFormats;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.DefaultIterativeLinearSolverEvent;
import org.hipparchus.linear.RealVector;
import org.hipparchus.util.IterationEvent;
import org.hipparchus.util.IterationListener;

/**
 * Solves the pressure Poisson problem {@code -lap p = b} on the fluid cells of a grid, with
 * homogeneous Neumann conditions at obstacle faces, walls and inflow, {@code p = 0} on the outflow
 * faces (a Dirichlet condition, see {@link #fineLevel}), and periodic seams where the domain is
 * periodic.
 *
 * <p>Algorithm: preconditioned conjugate gradients (Hestenes and Stiefel 1952), the iteration of
 * Hipparchus' {@code ConjugateGradient} on the matrix-free operator (see {@link #conjugateGradients}
 * for why it is written out here), preconditioned by one
 * geometric multigrid V-cycle (Tatebe 1993, "The multigrid preconditioned conjugate gradient
 * method"). The number of iterations to a fixed relative tolerance is nearly independent of the
 * grid size, so the work grows linearly with the number of cells. Solid cells are excluded
 * (their rows are zero). Without an outflow (a periodic or closed domain) the pure-Neumann problem is
 * singular; the right-hand side is then projected onto the range (zero mean over fluid cells) and
 * the solution returned with zero mean.
 *
 * <p>On a grounded grid whose band (cells times the numbering's fast side + 1, a bound on its banded
 * Cholesky factor) has at most {@link #DIRECT_MAX_VALUES} values (the coarse grids of the coupled
 * queries), the solve is direct ({@link BandedCholesky}): its residual (about 1e-13) is checked
 * against the tolerance, and CG starts from its result only if it is not below it (a tolerance set
 * below rounding). The guess is then not used, and a solve that
 * needs no CG sends the listeners no events.
 *
 * <p>The operator and multigrid hierarchy are set up once per grid; one instance serves many
 * threads at once (scratch is per thread). Progress goes to the Hipparchus
 * {@link IterationListener}s given at construction, one event per CG iteration; when several
 * threads solve at once, those listeners receive events from all of them, so they must be
 * thread-safe.
 */
public final class PoissonSolver {
    /** Default relative residual tolerance. */
    public static final double DEFAULT_TOLERANCE = 1e-8;
    private static final int MAX_ITERATIONS = 500;
    /**
     * The largest band (cells times fast side + 1) solved directly, in values (8 MiB): on the karman
     * grids the direct solve took 0.07 against 0.25 ms at 64x32 and 0.54 against 0.75 ms at 128x64,
     * but 8.4 against 2.5 ms at 256x128, whose factor (4.2 million values) this excludes.
     */
    public static final long DIRECT_MAX_VALUES = 1L << 20;

    private final PoissonLevel finest;
    private final MultigridPreconditioner preconditioner;
    /** The direct solve, on grids small enough for it (null otherwise); CG then runs only if it misses the tolerance. */
    private final BandedCholesky direct;
    /** Per-thread CG vectors r, z, p, q and the iterate x (one instance serves concurrent solves). */
    private final ThreadLocal<double[][]> scratch;
    private final double tolerance;
    private final List<IterationListener> listeners;

    /**
     * Sets up the operator and the multigrid hierarchy.
     *
     * @param mask      fluid cells and boundaries
     * @param tolerance relative residual ||b - A x|| / ||b|| to stop at, in (0, 1)
     * @param listeners notified of every CG iteration (may be empty)
     */
    public PoissonSolver(FluidMask mask, double tolerance, List<IterationListener> listeners) {
        this(mask, tolerance, listeners, DIRECT_MAX_VALUES);
    }

    /**
     * As {@link #PoissonSolver(FluidMask, double, List)}, with the direct solve's size limit given
     * (0: never direct, so tests can reach the iteration on any grid).
     */
    PoissonSolver(FluidMask mask, double tolerance, List<IterationListener> listeners, long directMaxValues) {
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("Poisson tolerance must be in (0, 1), got " + tolerance);
        }
        this.finest = fineLevel(mask);
        this.preconditioner = new MultigridPreconditioner(finest);
        this.direct = BandedCholesky.factor(finest, directMaxValues);
        this.tolerance = tolerance;
        this.listeners = List.copyOf(listeners);
        int n = finest.size();
        this.scratch = ThreadLocal.withInitial(() -> new double[5][n]);
    }

    /**
     * A solver with the default tolerance and no listeners.
     *
     * @param mask fluid cells and boundaries
     */
    public PoissonSolver(FluidMask mask) {
        this(mask, DEFAULT_TOLERANCE, List.of());
    }

    /**
     * Conductance 1 between two fluid cells, 0 at walls, obstacles and inflow (Neumann). The open
     * outflow faces hold p = 0 (conductance to the ground, half a cell from the last centre). Why
     * not Neumann there too: the step corrects the pressure incrementally (p += phi / dt), and at
     * an outflow where neither the velocity (zero gradient) nor the pressure is fixed the
     * accumulated pressure has no anchor: the cylinder's lift came out spiky, at less than
     * half the published amplitude, at every resolution; a fixed outflow pressure is the usual
     * open-boundary condition of incremental projection methods.
     */
    static PoissonLevel fineLevel(FluidMask mask) {
        StaggeredGrid g = mask.grid();
        FlowBoundaries bc = mask.boundaries();
        int nx = g.nx(), ny = g.ny();
        double ex = 1 / (g.dx() * g.dx()), ny2 = 1 / (g.dy() * g.dy());
        double[] east = new double[nx * ny], north = new double[nx * ny], ground = new double[nx * ny];
        if (PressureProjection.hasOutflow(mask)) {
            for (int j = 0; j < ny; j++) {
                if (mask.isOpenU(g.u(nx, j))) {
                    ground[g.cell(nx - 1, j)] = 2 * ex;
                }
            }
        }
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                int c = g.cell(i, j);
                if (mask.isSolid(c)) {
                    continue;
                }
                boolean eastInside = i < nx - 1 || bc.periodicX();
                if (eastInside && nx > 1 && mask.isOpenU(g.u(i + 1, j))) {
                    east[c] = ex;
                }
                boolean northInside = j < ny - 1 || bc.periodicY();
                if (northInside && ny > 1 && mask.isOpenV(g.v(i, j + 1))) {
                    north[c] = ny2;
                }
            }
        }
        return new PoissonLevel(nx, ny, bc.periodicX(), bc.periodicY(), east, north, ground);
    }

    /** @return number of multigrid levels */
    public int levels() {
        return preconditioner.depth();
    }

    /** @return the relative tolerance */
    public double tolerance() {
        return tolerance;
    }

    /**
     * Applies the operator, {@code y = -lap x} (fluid cells only): for tests and residual checks.
     *
     * @param x cell values
     * @return a new array A x
     */
    public double[] applyOperator(double[] x) {
        double[] y = new double[x.length];
        finest.apply(x, y);
        return y;
    }

    /**
     * Solves {@code -lap x = b}.
     *
     * @param b     right-hand side per cell (not modified); its mean over active cells is removed
     * @param guess initial guess (e.g. the previous pressure), or null for zero; not modified;
     *              unused where the solve is direct
     * @param x     receives the solution (may be the same array as guess)
     * @return iterations (0 where the direct solve met the tolerance) and final relative residual
     * @throws NotConvergedException when the iteration limit is reached
     */
    public PoissonStats solve(double[] b, double[] guess, double[] x) {
        return solveInPlace(b.clone(), guess, x);
    }

    /**
     * {@link #solve}, overwriting {@code b} (its mean removed) instead of working on a copy: for
     * callers whose right-hand side is a temporary of their own.
     */
    PoissonStats solveInPlace(double[] b, double[] guess, double[] x) {
        int n = finest.size();
        if (b.length != n || x.length != n || (guess != null && guess.length != n)) {
            throw new IllegalArgumentException("Poisson arrays must have " + n + " entries");
        }
        double[] rhs = b;
        removeMean(rhs);
        double norm = 0;
        for (double r : rhs) {
            norm += r * r;
        }
        if (norm == 0 || Double.isNaN(norm)) {
            java.util.Arrays.fill(x, 0);
            return new PoissonStats(0, Double.isNaN(norm) ? Double.NaN : 0);
        }
        double[][] work = scratch.get();
        double[] sol = work[4];
        if (direct != null) {
            direct.solve(rhs, x);   // x may be the guess's array: the guess is not used here
            double residual = relativeResidual(x, rhs, norm, work[0]);
            if (residual <= tolerance) {
                return new PoissonStats(0, residual);
            }
            System.arraycopy(x, 0, sol, 0, n);   // a tolerance below rounding: CG refines
        } else if (guess == null) {
            java.util.Arrays.fill(sol, 0);
        } else {
            System.arraycopy(guess, 0, sol, 0, n);
        }
        int performed;
        try {
            performed = conjugateGradients(rhs, Math.sqrt(norm), sol, work);
        } catch (MathIllegalStateException e) {
            throw new NotConvergedException("Poisson solve did not reach tolerance " + tolerance
                    + " in " + MAX_ITERATIONS + " iterations", e);
        }
        removeMean(sol);
        System.arraycopy(sol, 0, x, 0, n);
        return new PoissonStats(performed, relativeResidual(x, rhs, norm, work[0]));   // the CG residual is no longer needed
    }

    /** ||b - A x|| / ||b||, given ||b||^2, with r as scratch. */
    private double relativeResidual(double[] x, double[] b, double bNormSquared, double[] r) {
        finest.residual(x, b, r);
        double rn = 0;
        for (double v : r) {
            rn += v * v;
        }
        return Math.sqrt(rn / bNormSquared);
    }

    /**
     * Preconditioned conjugate gradients, the iteration of Hipparchus' {@link
     * org.hipparchus.linear.ConjugateGradient} (Barrett et al. 1994, figure 2.5) operation for
     * operation, so the iterates are the same to the last bit; what differs is only where the work
     * happens: the preconditioner's last pass and r.z run in one pass, as do the product A p and
     * p.q, and the updates of x and r and the norm of r; no vector is allocated per iteration (the
     * Hipparchus loop cost a tenth of a fine-grid step in these passes and copies). Listeners get
     * the same four kinds of events, in the same order, with the iteration count Hipparchus gives
     * (the initialisation counts as iteration 1).
     *
     * @param b     right-hand side (mean removed), not modified
     * @param bNorm its 2-norm
     * @param x     the initial guess on entry, the solution on return
     * @param s     this thread's scratch vectors
     * @return the number of CG iterations performed
     * @throws MathIllegalStateException after {@link #MAX_ITERATIONS} iterations
     */
    private int conjugateGradients(double[] b, double bNorm, double[] x, double[][] s) {
        int n = x.length;
        double[] r = s[0], z = s[1], p = s[2], q = s[3];
        double rmax = tolerance * bNorm;
        int iterations = 1;
        System.arraycopy(x, 0, p, 0, n);
        finest.apply(p, q);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            r[i] = b[i] - q[i];
            sum += r[i] * r[i];
        }
        double rnorm = Math.sqrt(sum);
        Events events = listeners.isEmpty() ? null : new Events(x, b, r);
        if (events != null) {
            events.initialization(iterations, rnorm);
        }
        if (rnorm <= rmax) {
            if (events != null) {
                events.termination(iterations, rnorm);
            }
            return 0;
        }
        double rhoPrev = 0;
        int performed = 0;
        while (true) {
            if (++iterations > MAX_ITERATIONS) {
                throw new MathIllegalStateException(LocalizedCoreFormats.MAX_COUNT_EXCEEDED, MAX_ITERATIONS);
            }
            if (events != null) {
                events.started(iterations, rnorm);
            }
            double rho = preconditioner.applyAndDot(r, z);
            if (iterations == 2) {
                System.arraycopy(z, 0, p, 0, n);
            } else {
                double beta = rho / rhoPrev;
                for (int i = 0; i < n; i++) {
                    p[i] = beta * p[i] + z[i];
                }
            }
            double pq = finest.applyAndDot(p, q);
            double alpha = rho / pq;
            double minusAlpha = -alpha;
            for (int i = 0; i < n; i++) {
                x[i] = x[i] + alpha * p[i];
            }
            sum = 0;
            for (int i = 0; i < n; i++) {
                r[i] = r[i] + minusAlpha * q[i];
                sum += r[i] * r[i];
            }
            rhoPrev = rho;
            rnorm = Math.sqrt(sum);
            performed++;
            if (events != null) {
                events.performed(iterations, rnorm);
            }
            if (rnorm <= rmax) {
                if (events != null) {
                    events.termination(iterations, rnorm);
                }
                return performed;
            }
        }
    }

    /** Builds and sends the listeners' events; the vectors are read-only views of the live iterates. */
    private final class Events {
        private final RealVector x;
        private final RealVector b;
        private final RealVector r;

        Events(double[] x, double[] b, double[] r) {
            this.x = RealVector.unmodifiableRealVector(new ArrayRealVector(x, false));
            this.b = RealVector.unmodifiableRealVector(new ArrayRealVector(b, false));
            this.r = RealVector.unmodifiableRealVector(new ArrayRealVector(r, false));
        }

        private IterationEvent event(int iterations, double rnorm) {
            return new DefaultIterativeLinearSolverEvent(PoissonSolver.this, iterations, x, b, r, rnorm);
        }

        void initialization(int iterations, double rnorm) {
            IterationEvent e = event(iterations, rnorm);
            listeners.forEach(l -> l.initializationPerformed(e));
        }

        void started(int iterations, double rnorm) {
            IterationEvent e = event(iterations, rnorm);
            listeners.forEach(l -> l.iterationStarted(e));
        }

        void performed(int iterations, double rnorm) {
            IterationEvent e = event(iterations, rnorm);
            listeners.forEach(l -> l.iterationPerformed(e));
        }

        void termination(int iterations, double rnorm) {
            IterationEvent e = event(iterations, rnorm);
            listeners.forEach(l -> l.terminationPerformed(e));
        }
    }

    /**
     * Zero on inactive cells; when the operator is singular (no ground), also projects onto its
     * range: zero mean over active cells.
     */
    private void removeMean(double[] a) {
        double sum = 0;
        int count = 0;
        for (int c = 0; c < a.length; c++) {
            if (finest.diag[c] != 0) {
                sum += a[c];
                count++;
            } else {
                a[c] = 0;
            }
        }
        if (count == 0 || finest.grounded) {
            return;
        }
        double mean = sum / count;
        for (int c = 0; c < a.length; c++) {
            if (finest.diag[c] != 0) {
                a[c] -= mean;
            }
        }
    }

    /**
     * The conjugate-gradient iteration reached its limit before the tolerance. Its own type so that a
     * caller can tell it from a programming error (a plain {@link IllegalStateException}).
     */
    public static final class NotConvergedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotConvergedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
