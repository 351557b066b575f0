package org.deepzero.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.deepzero.common.Hashing;
import org.deepzero.solver.flow.FlowCase;
import org.deepzero.solver.flow.FlowCaseReader;
import org.deepzero.solver.flow.FlowState;
import org.deepzero.solver.flow.IncompressibleFlow;
import org.deepzero.solver.flow.WakeFlow;

/**
 * Where a wake step's time goes: thread CPU time per stage ({@link IncompressibleFlow#step(FlowState,
 * org.deepzero.solver.flow.StepProfile)}: advection with the two pressure half-kicks, diffusion,
 * boundaries, projection), in ms per step, over rounds of the same steps from the same developed state
 * (300 steps after rest). The SHA-256 of the last state's channels ({@link Hashing}, over their raw bits)
 * lets two builds be compared: put an older build's solver classes first on the class path and the same hash means the
 * same numbers.
 *
 * <p>Run from the repository root: {@code OMP_NUM_THREADS=1 java -cp bench/target/benchmarks.jar
 * org.deepzero.bench.SolverStageProfile [rounds] [steps] [factors...]}, defaults 4, 3000 and 1
 * (64x32, the coarse step of every sol-zo query).
 *
 * <p>Names the wake flow's types outside their package on purpose: it profiles that solver's step.
 */
public final class SolverStageProfile {
    private SolverStageProfile() {
    }

    /** @param args rounds, steps per round, grid factors */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        int[] factors = args.length > 2 ? Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {1};
        FlowCase c = FlowCaseReader.read(Path.of(System.getProperty("deepzero.case", "cases/karman-2d")));
        for (int factor : factors) {
            WakeFlow wake = new WakeFlow(c.coarseSpec(c.defaultReynolds()).refined(factor));
            IncompressibleFlow flow = wake.flow();
            FlowState developed = wake.initialState();
            for (int k = 0; k < 300; k++) {
                developed = wake.step(developed);
            }
            for (int r = 0; r < rounds; r++) {
                Map<String, long[]> cpu = new LinkedHashMap<>();
                FlowState s = developed;
                for (int k = 0; k < steps; k++) {
                    s = flow.step(s, (stage, nanos, wall) -> cpu.computeIfAbsent(stage, x -> new long[1])[0] += nanos);
                }
                long total = cpu.values().stream().mapToLong(a -> a[0]).sum();
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%dx%d round %d: %.4f ms/step =",
                        flow.grid().nx(), flow.grid().ny(), r + 1, total / 1e6 / steps));
                cpu.forEach((stage, t) -> line.append(String.format(Locale.ROOT, " %s %.4f", stage, t[0] / 1e6 / steps)));
                System.out.println(line + "; state SHA-256 " + Hashing.sha256(s.toChannels()).substring(0, 16));
            }
        }
    }
}
