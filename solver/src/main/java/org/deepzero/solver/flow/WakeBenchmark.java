package org.deepzero.solver.flow;

import java.util.List;
import org.deepzero.solver.grid.StaggeredGrid;

/**
 * Wall-clock cost of a wake step, for {@code deepzero simulate --benchmark}: milliseconds per step
 * and the share of the pressure projection, measured on one thread after a warm-up (JIT) phase.
 * The real step is timed stage by stage through a {@link StepProfile}. Besides
 * wall time, the thread's CPU time is reported: on a shared machine it excludes the time the
 * thread waited for a core, so it is the better estimate of the cost on an idle one.
 */
public final class WakeBenchmark {
    private WakeBenchmark() {
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
        FlowState s = flow.initialState();
        for (int k = 0; k < warmup; k++) {
            s = flow.step(s);
        }
        long[] cpu = new long[2];
        long[] wall = new long[1];
        StepProfile profile = (stage, cpuNanos, wallNanos) -> {
            cpu[0] += cpuNanos;
            wall[0] += wallNanos;
            if (stage.equals("project")) {
                cpu[1] += cpuNanos;
            }
        };
        long iters = 0;
        for (int k = 0; k < steps; k++) {
            s = flow.flow().step(s, profile);
            iters += s.poissonIterations();
        }
        boolean haveCpu = cpu[0] > 0;
        return new Result(g.nx(), g.ny(), wall[0] / 1e6 / steps, haveCpu ? cpu[0] / 1e6 / steps : Double.NaN,
                haveCpu ? (double) cpu[1] / cpu[0] : Double.NaN, (double) iters / steps);
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
