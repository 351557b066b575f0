package org.deepzero.solver.flow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import org.deepzero.solver.Pde;
import org.deepzero.solver.SimulationDivergedException;
import org.deepzero.solver.grid.FluidMask;
import org.deepzero.solver.grid.StaggeredGrid;
import org.deepzero.solver.ops.Advection;
import org.deepzero.solver.ops.BoundaryConditions;
import org.deepzero.solver.ops.Diffusion;
import org.deepzero.solver.ops.FaceVelocity;
import org.deepzero.solver.ops.PoissonSolver;
import org.deepzero.solver.ops.PressureProjection;
import org.hipparchus.util.IterationListener;

/**
 * The incompressible Navier-Stokes equations (density 1) on a staggered grid with obstacles,
 * advanced by operator splitting: advect, diffuse, impose boundaries, make incompressible. The
 * pressure force of the last step is applied in two halves around advection (Strang splitting)
 * and the projection solves for the pressure increment; a state without pressure (e.g. from
 * {@link FlowState#fromChannels}) falls back to a plain projection step.
 *
 * <p>Everything that depends only on the grid (masks, the Poisson hierarchy) is set up once in
 * the constructor. {@link #step} is a pure function and thread-safe: one instance serves many
 * threads, each stepping its own states.
 */
public final class IncompressibleFlow implements Pde<FlowState> {
    private final StaggeredGrid grid;
    private final FluidMask mask;
    private final FlowParameters params;
    private final Advection advection;
    private final Diffusion diffusion;
    private final BoundaryConditions boundaries;
    private final PressureProjection projection;

    /**
     * @param mask      fluid cells, faces and domain boundaries
     * @param params    viscosity, time step, schemes
     * @param listeners Poisson iteration listeners (may be empty)
     */
    public IncompressibleFlow(FluidMask mask, FlowParameters params, List<IterationListener> listeners) {
        this.grid = mask.grid();
        this.mask = mask;
        this.params = params;
        this.advection = new Advection(mask, params.advection());
        this.diffusion = new Diffusion(mask);
        this.boundaries = new BoundaryConditions(mask);
        this.projection = new PressureProjection(mask,
                new PoissonSolver(mask, params.poissonTolerance(), listeners));
    }

    /**
     * A flow without Poisson listeners.
     *
     * @param mask   fluid cells, faces and domain boundaries
     * @param params viscosity, time step, schemes
     */
    public IncompressibleFlow(FluidMask mask, FlowParameters params) {
        this(mask, params, List.of());
    }

    /** @return the grid */
    public StaggeredGrid grid() {
        return grid;
    }

    /** @return the fluid mask */
    public FluidMask mask() {
        return mask;
    }

    /** @return the step settings */
    public FlowParameters parameters() {
        return params;
    }

    /** @return the fluid at rest, with the boundary values imposed and projected */
    @Override
    public FlowState initialState() {
        return stateOf((x, y) -> 0, (x, y) -> 0);
    }

    /**
     * A state from velocity functions sampled at the face centres, with boundary values imposed
     * and projected, so it is admissible.
     *
     * @param u u(x, y)
     * @param v v(x, y)
     * @return the state at time 0, step 0
     */
    public FlowState stateOf(DoubleBinaryOperator u, DoubleBinaryOperator v) {
        FaceVelocity vel = FaceVelocity.zeros(grid);
        double dx = grid.dx(), dy = grid.dy();
        for (int j = 0; j < grid.ny(); j++) {
            for (int i = 0; i <= grid.nx(); i++) {
                vel.u[grid.u(i, j)] = u.applyAsDouble(i * dx, (j + 0.5) * dy);
            }
        }
        for (int j = 0; j <= grid.ny(); j++) {
            for (int i = 0; i < grid.nx(); i++) {
                vel.v[grid.v(i, j)] = v.applyAsDouble((i + 0.5) * dx, j * dy);
            }
        }
        PressureProjection.Result r = projection.makeIncompressible(boundaries.apply(vel), null, params.dt());
        return FlowState.wrap(grid, r.velocity(), new double[grid.cellCount()], 0, 0, r.stats().iterations());
    }

    /**
     * One time step: advect, diffuse, impose boundaries, make incompressible.
     *
     * @throws SimulationDivergedException on NaN or a CFL number above the limit
     */
    @Override
    public FlowState step(FlowState state) {
        return step(state, StepProfile.NONE);
    }

    /**
     * {@link #step(FlowState)}, reporting the cost of each stage to {@code profile}.
     *
     * @param state   the current state; not modified
     * @param profile receives per-stage times
     * @return the next state
     */
    public FlowState step(FlowState state, StepProfile profile) {
        requireGrid(state);
        long next = state.step() + 1;
        double dt = params.dt();
        Clock clock = profile == StepProfile.NONE ? null : new Clock(profile);
        FaceVelocity now = state.velocityView();   // read only: the first kick copies it
        double[] p = state.pressureRef();
        // Strang splitting of the pressure force around advection (half kick, advect, half kick)
        // with the last pressure; the projection then only corrects it. This removes the O(dt)
        // splitting error of a plain projection step.
        FaceVelocity u = projection.kick(now, p, dt / 2);
        u = advection.advect(u, now, dt);
        u = projection.kickInPlace(u, p, dt / 2);   // u is advection's fresh field
        lap(clock, "advect");
        u = diffusion.diffuse(u, params.viscosity(), dt);
        lap(clock, "diffuse");
        u = boundaries.apply(u);
        lap(clock, "boundaries");
        // divergence is detected from the fields themselves: a non-finite velocity before the pressure
        // solve sees it, an exploding one after (checkStable); any other exception is a bug and
        // propagates as such
        checkFinite(u, next);
        PressureProjection.Result r;
        try {
            r = projection.makeIncompressibleIncrement(u, p, dt);
        } catch (PoissonSolver.NotConvergedException e) {
            // a finite, bounded right-hand side that CG cannot solve: the flow is on its way to blowing up
            throw new SimulationDivergedException(next, "pressure solve failed (" + e.getMessage() + ")");
        }
        lap(clock, "project");
        checkStable(r.velocity(), next);
        return FlowState.wrap(grid, r.velocity(), r.pressure(), state.time() + dt, next, r.stats().iterations());
    }

    private static void lap(Clock clock, String stage) {
        if (clock != null) {
            clock.lap(stage);
        }
    }

    /** Stage timer for profiled steps. */
    private static final class Clock {
        private static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();
        private final StepProfile profile;
        private final boolean cpu = MX.isCurrentThreadCpuTimeSupported();
        private long lastCpu;
        private long lastWall;

        Clock(StepProfile profile) {
            this.profile = profile;
            this.lastCpu = cpu ? MX.getCurrentThreadCpuTime() : 0;
            this.lastWall = System.nanoTime();
        }

        void lap(String stage) {
            long c = cpu ? MX.getCurrentThreadCpuTime() : 0;
            long w = System.nanoTime();
            profile.stage(stage, c - lastCpu, w - lastWall);
            lastCpu = c;
            lastWall = w;
        }
    }

    /**
     * Stops a blow-up early, with the step number, before NaNs spread into outputs: a non-finite
     * velocity, or one whose CFL number exceeds the limit.
     */
    private void checkStable(FaceVelocity vel, long step) {
        double m = checkFinite(vel, step);
        double cfl = m * params.dt() / grid.minSpacing();
        if (cfl > params.cflLimit()) {
            throw new SimulationDivergedException(step, String.format(java.util.Locale.ROOT,
                    "CFL number %.3g exceeds %.3g (max |u| = %.3g)", cfl, params.cflLimit(), m));
        }
    }

    /** The largest velocity component, or a divergence when it is NaN or infinite. */
    private static double checkFinite(FaceVelocity vel, long step) {
        double m = vel.maxSpeedComponent();
        if (!Double.isFinite(m)) {
            throw new SimulationDivergedException(step, "velocity became " + (Double.isNaN(m) ? "NaN" : "infinite"));
        }
        return m;
    }

    private void requireGrid(FlowState s) {
        if (!s.grid().equals(grid)) {
            throw new IllegalArgumentException("state on grid " + s.grid() + " does not fit flow grid " + grid);
        }
    }

    /**
     * Diagnostics: {@code time}, {@code step}, {@code maxDivergence} (max |div| h / U),
     * {@code kineticEnergy} (integral of |u|^2 / 2), {@code cfl} (max |u| dt / h),
     * {@code poissonIterations}.
     */
    @Override
    public Map<String, Double> diagnostics(FlowState state) {
        Map<String, Double> d = new LinkedHashMap<>();
        FaceVelocity vel = state.velocity();
        d.put("time", state.time());
        d.put("step", (double) state.step());
        d.put("maxDivergence", FlowDiagnostics.maxDivergence(mask, state));
        d.put("kineticEnergy", FlowDiagnostics.kineticEnergy(state));
        d.put("cfl", vel.maxSpeedComponent() * params.dt() / grid.minSpacing());
        d.put("poissonIterations", (double) state.poissonIterations());
        return d;
    }
}
