package org.deepzero.solver;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.deepzero.solver.flow.WakeSpec;
import org.deepzero.solver.grid.FlowBoundaries;
import org.deepzero.solver.grid.FluidMask;
import org.deepzero.solver.grid.StaggeredGrid;
import org.deepzero.solver.io.FlowCase;
import org.deepzero.solver.ops.Advection;
import org.deepzero.solver.ops.BoundaryConditions;
import org.deepzero.solver.ops.Diffusion;
import org.deepzero.solver.ops.FaceVelocity;
import org.deepzero.solver.ops.PoissonSolver;
import org.deepzero.solver.ops.PressureProjection;
import org.deepzero.solver.flow.WakeFlow;
import org.deepzero.solver.flow.FlowState;

/**
 * Wall-clock cost of a wake step, for {@code deepzero simulate --benchmark}: milliseconds per step
 * and the share of the pressure projection, measured on one thread after a warm-up (JIT) phase.
 * The step is timed operator by operator, the same operators {@code WakeFlow.step} runs. Besides
 * wall time, the thread's CPU time is reported: on a shared machine it excludes the time the
 * thread waited for a core, so it is the better estimate of the cost on an idle one.
 */
public final class SolverBenchmark {
    private SolverBenchmark() {
    }

    /**
     * One measurement.
     *
     * @param nx            cells along x
     * @param ny            cells along y
     * @param msPerStep     mean wall time of one step
     * @param cpuMsPerStep  mean CPU time of the thread per step (NaN when the JVM cannot measure it)
     * @param pressureShare fraction of the step's CPU time spent in the pressure projection
     * @param cgIterations  mean MG-PCG iterations per step
     */
    public record Result(int nx, int ny, double msPerStep, double cpuMsPerStep, double pressureShare,
                         double cgIterations) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT,
                    "%dx%d: %.3f ms/step wall, %.3f ms/step CPU, pressure solve %.0f%%, %.1f CG iterations/step",
                    nx, ny, msPerStep, cpuMsPerStep, 100 * pressureShare, cgIterations);
        }
    }

    /**
     * Measures the case's wake at its coarse grid scaled by {@code factor} (1 = coarse,
     * 4 = 256x128 for the default case), keeping the CFL number.
     *
     * @param c      the case
     * @param factor grid refinement
     * @param warmup steps not timed
     * @param steps  steps timed
     * @return the measurement
     */
    public static Result measure(FlowCase c, int factor, int warmup, int steps) {
        WakeSpec spec = c.coarseSpec(c.defaultReynolds()).refined(factor);
        WakeFlow flow = new WakeFlow(spec);
        StaggeredGrid g = spec.grid();
        FluidMask mask = flow.mask();
        Advection advection = new Advection(mask, spec.advection());
        Diffusion diffusion = new Diffusion(mask);
        BoundaryConditions bcs = new BoundaryConditions(mask);
        PressureProjection projection = new PressureProjection(mask,
                new PoissonSolver(mask, spec.poissonTolerance(), List.of()));
        FlowState s = flow.initialState();
        for (int k = 0; k < warmup; k++) {
            s = flow.step(s);
        }
        FaceVelocity u = s.velocity();
        double[] p = s.pressureValues();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        boolean cpu = mx.isCurrentThreadCpuTimeSupported();
        long total = 0, cpuTotal = 0, cpuPressure = 0, iters = 0;
        for (int k = 0; k < steps; k++) {
            long t0 = System.nanoTime();
            long c0 = cpu ? mx.getCurrentThreadCpuTime() : 0;
            FaceVelocity a = bcs.apply(diffusion.diffuse(advection.selfAdvect(u, spec.dt()), spec.viscosity(), spec.dt()));
            long c1 = cpu ? mx.getCurrentThreadCpuTime() : 0;
            PressureProjection.Result r = projection.makeIncompressible(a, p, spec.dt());
            long c2 = cpu ? mx.getCurrentThreadCpuTime() : 0;
            total += System.nanoTime() - t0;
            cpuTotal += c2 - c0;
            cpuPressure += c2 - c1;
            iters += r.stats().iterations();
            u = r.velocity();
            p = r.pressure();
        }
        return new Result(g.nx(), g.ny(), total / 1e6 / steps, cpu ? cpuTotal / 1e6 / steps : Double.NaN,
                cpu && cpuTotal > 0 ? (double) cpuPressure / cpuTotal : Double.NaN, (double) iters / steps);
    }

    /**
     * The standard figures: the coarse grid and the 4x finer one.
     *
     * @param c the case
     * @return measurements at factor 1 and 4
     */
    public static List<Result> standard(FlowCase c) {
        return List.of(measure(c, 1, 300, 500), measure(c, 4, 20, 40));
    }
}
