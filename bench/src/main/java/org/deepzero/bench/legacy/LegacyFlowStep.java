package org.deepzero.bench.legacy;

import org.deepzero.solver.flow.FlowParameters;
import org.deepzero.solver.flow.FlowState;
import org.deepzero.solver.flow.IncompressibleFlow;
import org.deepzero.solver.grid.FluidMask;
import org.deepzero.solver.ops.FaceVelocity;

/**
 * The wake step as it was before the speed work of issue 12 (commit 5d39a0d): the operators of this
 * package are verbatim copies of {@code org.deepzero.solver.ops} at that commit, kept only as the
 * baseline the benchmarks measure the current solver against in the same run (and compare its
 * numbers with). Not used by any command.
 *
 * <p>Names the wake flow's {@link FlowState} outside its package on purpose: it is a copy of that
 * solver's step, for benchmarks of that solver.
 */
public final class LegacyFlowStep {
    private final FluidMask mask;
    private final FlowParameters params;
    private final Advection advection;
    private final Diffusion diffusion;
    private final BoundaryConditions boundaries;
    private final PressureProjection projection;

    /** @param flow the current solver's flow, for its mask and settings */
    public LegacyFlowStep(IncompressibleFlow flow) {
        this.mask = flow.mask();
        this.params = flow.parameters();
        this.advection = new Advection(mask, params.advection());
        this.diffusion = new Diffusion(mask);
        this.boundaries = new BoundaryConditions(mask);
        this.projection = new PressureProjection(mask, new PoissonSolver(mask, params.poissonTolerance(),
                java.util.List.of()));
    }

    /** One step, as {@code IncompressibleFlow.step} at commit 5d39a0d (without the stability check). */
    public FlowState step(FlowState state) {
        double dt = params.dt();
        FaceVelocity now = state.velocity();
        double[] p = state.pressureValues();
        FaceVelocity u = projection.kick(now, p, dt / 2);
        u = advection.advect(u, now, dt);
        u = projection.kick(u, p, dt / 2);
        u = diffusion.diffuse(u, params.viscosity(), dt);
        u = boundaries.apply(u);
        PressureProjection.Result r = projection.makeIncompressibleIncrement(u, p, dt);
        return FlowState.of(mask.grid(), r.velocity().u, r.velocity().v, r.pressure(), state.time() + dt,
                state.step() + 1);
    }
}
