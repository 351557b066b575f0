package org.deepzero.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.deepzero.bench.legacy.LegacyFlowStep;
import org.deepzero.solver.flow.FlowState;
import org.deepzero.solver.flow.WakeFlow;
import org.deepzero.solver.flow.FlowCase;
import org.deepzero.solver.flow.FlowCaseReader;

/**
 * The wake step of the current solver against the solver before the speed work
 * ({@link LegacyFlowStep}), side by side in one JVM on one thread: rounds alternate legacy and
 * current, each stepping the same developed state the same number of steps, so machine load hits
 * both alike; per round the ratio of thread CPU times is printed, and the median over rounds. After
 * timing, both run a trajectory from rest and the largest difference of u, v, p relative to the
 * field's magnitude is printed (the acceptance bound is 1e-6).
 *
 * <p>Run from the repository root (the case path is relative):
 * {@code OMP_NUM_THREADS=1 java -cp bench/target/benchmarks.jar org.deepzero.bench.SolverSpeedup
 * [rounds] [trajectory steps] [factors...]}, defaults 5, 200 and 1 2 4 8 (64x32 to 512x256).
 *
 * <p>Names the wake flow's types ({@link WakeFlow}, {@link FlowState}, {@link FlowCase}) outside their
 * package on purpose: it measures that solver itself against its own earlier version.
 */
public final class SolverSpeedup {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private SolverSpeedup() {
    }

    /** @param args rounds, trajectory steps, grid factors */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int trajectory = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int[] factors = args.length > 2 ? Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 2, 4, 8};
        FlowCase c = FlowCaseReader.read(Path.of(System.getProperty("deepzero.case", "cases/karman-2d")));
        System.out.println("grid | cells | legacy ms/step | current ms/step | speed-up per round | median | max rel. diff after "
                + trajectory + " steps");
        for (int factor : factors) {
            WakeFlow flow = new WakeFlow(c.coarseSpec(c.defaultReynolds()).refined(factor));
            LegacyFlowStep legacy = new LegacyFlowStep(flow.flow());
            FlowState developed = flow.initialState();
            for (int k = 0; k < 40; k++) {
                developed = flow.step(developed);
            }
            // about 0.3 s of legacy work per timed run (it costs about 0.4 us per cell), at least 5 steps
            int nx = flow.grid().nx(), ny = flow.grid().ny();
            int steps = Math.max(5, 700_000 / (nx * ny));
            run(legacy, flow, developed, steps);   // JIT warm-up of both
            run(null, flow, developed, steps);
            double[] ratios = new double[rounds];
            double legacyMs = 0, currentMs = 0;
            for (int r = 0; r < rounds; r++) {
                double a = run(legacy, flow, developed, steps);
                double b = run(null, flow, developed, steps);
                ratios[r] = a / b;
                legacyMs += a / rounds;
                currentMs += b / rounds;
            }
            double diff = trajectory > 0 ? trajectoryDifference(legacy, flow, trajectory) : Double.NaN;
            double[] sorted = ratios.clone();
            Arrays.sort(sorted);
            StringBuilder per = new StringBuilder();
            for (double x : ratios) {
                per.append(per.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", x));
            }
            System.out.printf(Locale.ROOT, "%dx%d | %d | %.3f | %.3f | %s | %.2fx | %.2g%n", nx, ny, nx * ny,
                    legacyMs, currentMs, per, sorted[rounds / 2], diff);
        }
    }

    /** Thread CPU milliseconds per step of {@code steps} steps from {@code start}. */
    private static double run(LegacyFlowStep legacy, WakeFlow flow, FlowState start, int steps) {
        long t0 = MX.getCurrentThreadCpuTime();
        FlowState s = start;
        for (int k = 0; k < steps; k++) {
            s = legacy != null ? legacy.step(s) : flow.step(s);
        }
        long t1 = MX.getCurrentThreadCpuTime();
        if (s.step() != start.step() + steps) {
            throw new IllegalStateException("lost steps");
        }
        return (t1 - t0) / 1e6 / steps;
    }

    /**
     * Largest difference of u, v and p after {@code steps} steps from rest, relative to the field's
     * largest magnitude; if the current solver reports a blow-up first, the comparison is at the
     * last step before it (printed).
     */
    private static double trajectoryDifference(LegacyFlowStep legacy, WakeFlow flow, int steps) {
        FlowState a = flow.initialState(), b = a;
        for (int k = 0; k < steps; k++) {
            FlowState next;
            try {
                next = flow.step(b);
            } catch (org.deepzero.solver.SimulationDivergedException e) {
                System.out.printf(Locale.ROOT, "(%dx%d from rest: %s; compared after step %d)%n",
                        flow.grid().nx(), flow.grid().ny(), e.getMessage(), k);
                break;
            }
            a = legacy.step(a);
            b = next;
        }
        double worst = 0;
        double[][] fa = {a.uValues(), a.vValues(), a.pressureValues()};
        double[][] fb = {b.uValues(), b.vValues(), b.pressureValues()};
        for (int f = 0; f < 3; f++) {
            double scale = 0, d = 0;
            for (int k = 0; k < fa[f].length; k++) {
                scale = Math.max(scale, Math.abs(fa[f][k]));
                d = Math.max(d, Math.abs(fa[f][k] - fb[f][k]));
            }
            worst = Math.max(worst, d / scale);
        }
        return worst;
    }
}
