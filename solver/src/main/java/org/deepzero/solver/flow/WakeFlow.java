package org.deepzero.solver.flow;

import java.util.List;
import java.util.Map;
import org.deepzero.solver.pde.CoupledPde;
import org.deepzero.solver.grid.FlowBoundaries;
import org.deepzero.solver.grid.FluidMask;
import org.deepzero.solver.grid.StaggeredGrid;
import org.deepzero.solver.mesh.Mesh;
import org.deepzero.solver.ops.FaceSampler;
import org.hipparchus.util.IterationListener;

/**
 * The wake behind bodies in a uniform stream (a Kármán vortex street behind a cylinder):
 * {@link IncompressibleFlow} with uniform inflow on the left, zero-gradient outflow on the right,
 * free-slip or periodic sides, no-slip obstacles from a {@link Mesh}.
 *
 * <p>Thread-safe: {@link #step} is a pure function; call it from many threads on one instance.
 *
 * <p>For neural networks: states pack to {@code 2 x (ny+1) x (nx+1)} channels
 * ({@link FlowState#toChannels()}); {@link #openFaceChannels()} is 1 on faces that carry flow and
 * 0 on obstacle faces and padding, in the same layout, to zero a correction inside obstacles.
 */
public final class WakeFlow implements CoupledPde<FlowState> {
    private final WakeSpec spec;
    private final IncompressibleFlow flow;
    private final FaceSampler sampler;
    private final double[] probe;
    /** Seed of the initial perturbations {@link #initialState(int)} draws. */
    private static final long PERTURBATION_SEED = 0x57414b45L;

    /**
     * Sets up masks and the pressure solver for the spec's grid.
     *
     * @param spec      mesh, grid size, Re, dt, schemes
     * @param listeners Poisson iteration listeners (may be empty)
     */
    public WakeFlow(WakeSpec spec, List<IterationListener> listeners) {
        this.spec = spec;
        StaggeredGrid grid = spec.grid();
        FlowBoundaries bc = FlowBoundaries.wake(spec.sides(), spec.inflowSpeed());
        Mesh mesh = spec.mesh();
        FluidMask mask = FluidMask.of(grid, bc, mesh::isSolid);
        FlowParameters params = new FlowParameters(spec.viscosity(), spec.dt(), spec.advection(),
                spec.poissonTolerance(), FlowParameters.DEFAULT_CFL_LIMIT);
        this.flow = new IncompressibleFlow(mask, params, listeners);
        this.sampler = new FaceSampler(grid, bc);
        double d = mesh.referenceLength();
        double[] c = mesh.obstacles().isEmpty()
                ? new double[] {mesh.width() / 4, mesh.height() / 2} : mesh.obstacles().get(0).centre();
        // probe two diameters behind the body centre, on its axis, where the wake swings most
        this.probe = new double[] {Math.min(c[0] + 2 * d, mesh.width()), c[1]};
    }

    /**
     * A wake flow without Poisson listeners.
     *
     * @param spec mesh, grid size, Re, dt, schemes
     */
    public WakeFlow(WakeSpec spec) {
        this(spec, List.of());
    }

    /** @return the spec */
    public WakeSpec spec() {
        return spec;
    }

    /** @return the grid */
    public StaggeredGrid grid() {
        return flow.grid();
    }

    /** @return fluid cells and open faces */
    public FluidMask mask() {
        return flow.mask();
    }

    /** @return the underlying incompressible flow */
    public IncompressibleFlow flow() {
        return flow;
    }

    /** @return the probe position {x, y} */
    public double[] probePosition() {
        return probe.clone();
    }

    /**
     * The uniform stream U plus a small deterministic cross-stream bump one diameter behind the
     * body (peak 0.3 U) that breaks the symmetry, so shedding starts after a few periods rather than
     * waiting for round-off; projected, so the state is divergence-free.
     */
    @Override
    public FlowState initialState() {
        return initialState(0);
    }

    /**
     * Initial perturbation number {@code k}: 0 is {@link #initialState()}; every other k draws the
     * bump's peak (0.15 to 0.45 U, either sign) and its centre (within half a diameter of the default
     * one) from a seeded stream, so each k starts the wake at another phase and amplitude of its
     * transient: trajectories that are independent test samples rather than windows of one.
     *
     * @param k perturbation index, at least 0
     * @return the projected, divergence-free state
     */
    public FlowState initialState(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("perturbation index must be >= 0, got " + k);
        }
        double u0 = spec.inflowSpeed();
        double d = spec.mesh().referenceLength();
        double peak = 0.3, px = probe[0] - d, py = probe[1];
        if (k > 0) {
            java.util.SplittableRandom r = org.deepzero.common.Seeds.forStep(PERTURBATION_SEED, k);
            peak = (r.nextBoolean() ? 1 : -1) * r.nextDouble(0.15, 0.45);
            px += r.nextDouble(-0.5, 0.5) * d;
            py += r.nextDouble(-0.5, 0.5) * d;
        }
        double a = peak * u0, cx = px, cy = py;
        return flow.stateOf((x, y) -> u0,
                (x, y) -> a * Math.exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (d * d)));
    }

    /** One step: advect, diffuse, impose boundaries, make incompressible (see {@link IncompressibleFlow#step}). */
    @Override
    public FlowState step(FlowState state) {
        return flow.step(state);
    }

    /**
     * The diagnostics of {@link IncompressibleFlow#diagnostics}, plus {@code liftCoefficient} and
     * {@code dragCoefficient} (pressure and viscous force / (U^2 D / 2)) and {@code probeV} (v at
     * the probe).
     */
    @Override
    public Map<String, Double> diagnostics(FlowState state) {
        Map<String, Double> d = flow.diagnostics(state);
        double[] c = forceCoefficients(state);
        d.put("liftCoefficient", c[1]);
        d.put("dragCoefficient", c[0]);
        d.put("probeV", probeV(state));
        return d;
    }

    /**
     * @return {drag, lift} coefficients, {@code F / (U^2 D / 2)}, of the pressure and viscous force
     *         on the obstacles
     */
    public double[] forceCoefficients(FlowState state) {
        double q = 0.5 * spec.inflowSpeed() * spec.inflowSpeed() * spec.mesh().referenceLength();
        double[] p = FlowDiagnostics.pressureForce(mask(), state);
        double[] v = FlowDiagnostics.viscousForce(mask(), state, spec.viscosity());
        return new double[] {(p[0] + v[0]) / q, (p[1] + v[1]) / q};
    }

    /** @return lift coefficient {@code Fy / (U^2 D / 2)}, pressure and viscous force */
    public double liftCoefficient(FlowState state) {
        return forceCoefficients(state)[1];
    }

    /** The probe's v and the lift coefficient ({@link #probeV}, {@link #liftCoefficient}). */
    @Override
    public double[] signals(FlowState state) {
        return new double[] {probeV(state), liftCoefficient(state)};
    }

    /** The shedding of a record of {@link #signals}, one per step ({@link Shedding#of}). */
    public Shedding shedding(double[][] signals) {
        double[] probeV = new double[signals.length], lift = new double[signals.length];
        for (int k = 0; k < signals.length; k++) {
            probeV[k] = signals[k][0];
            lift[k] = signals[k][1];
        }
        return Shedding.of(lift, probeV, spec.dt(), spec.mesh().referenceLength(), spec.inflowSpeed());
    }

    /**
     * {@code strouhal} (of the probe's v, as the solver's Strouhal tests measure it), {@code lift_amplitude}
     * and {@code periods}, the shedding periods the record spans ({@code n dt St U / D}; St is not
     * resolved below about 2).
     */
    @Override
    public Map<String, Double> physics(double[][] signals) {
        Shedding s = shedding(signals);
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        out.put("strouhal", s.stProbe());
        out.put("lift_amplitude", s.liftAmplitude());
        out.put("periods", signals.length * spec.dt() * s.stProbe() * spec.inflowSpeed() / spec.mesh().referenceLength());
        return out;
    }

    /** @return v at the probe point */
    public double probeV(FlowState state) {
        return sampler.v(state.vValues(), probe[0], probe[1]);
    }

    /** @return vorticity at cell centres, {@code [ny][nx]} row-major, 0 in obstacles */
    public double[] vorticity(FlowState state) {
        return FlowDiagnostics.vorticity(mask(), state);
    }

    /** @return {@code 2 x (ny+1) x (nx+1)}: 1 where a face carries flow, 0 on obstacle faces and padding */
    public double[] openFaceChannels() {
        StaggeredGrid g = grid();
        int nx = g.nx(), ny = g.ny(), w = nx + 1, h = ny + 1;
        double[] c = new double[FlowState.CHANNELS * h * w];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i <= nx; i++) {
                c[j * w + i] = mask().isOpenU(g.u(i, j)) ? 1 : 0;
            }
        }
        for (int j = 0; j <= ny; j++) {
            for (int i = 0; i < nx; i++) {
                c[h * w + j * w + i] = mask().isOpenV(g.v(i, j)) ? 1 : 0;
            }
        }
        return c;
    }

    /** @return solid-cell flags, {@code [ny][nx]} row-major (a copy) */
    public boolean[] solidCells() {
        return mask().solidCells();
    }

    /** {@code {2, ny+1, nx+1}}: u on x-faces, v on y-faces, zero padded. */
    @Override
    public int[] channelShape() {
        return new int[] {FlowState.CHANNELS, FlowState.channelHeight(grid()), FlowState.channelWidth(grid())};
    }

    @Override
    public double[] toChannels(FlowState state) {
        return state.toChannels();
    }

    @Override
    public FlowState withCorrection(FlowState state, double[] correction) {
        return state.withCorrection(correction);
    }

    /** {@link #openFaceChannels()}. */
    @Override
    public double[] openChannels() {
        return openFaceChannels();
    }

    @Override
    public String pictureName() {
        return "vorticity";
    }

    @Override
    public int[] pictureShape() {
        return new int[] {grid().nx(), grid().ny()};
    }

    /** {@link #vorticity}. */
    @Override
    public double[] picture(FlowState state) {
        return vorticity(state);
    }

    /** {@link #solidCells()}. */
    @Override
    public boolean[] pictureMask() {
        return solidCells();
    }
}
