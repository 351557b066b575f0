package org.deepzero.coupling;

import java.util.Arrays;
import java.util.TreeSet;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.DoubleStream;
import org.deepzero.coupling.spec.CouplingSpec;
import org.deepzero.solver.MemoryEstimate;
import org.deepzero.solver.io.FlowCase;

/**
 * The Java heap a coupled case holds, from its settings alone, so that a case too large for the
 * heap is refused before reference generation, training or evaluation starts. Counted: the
 * reference frames of every Reynolds number, the one-step training pairs (solved state and
 * correction channels), the coarse solvers (one per Reynolds number, one stepping per thread), and
 * the states of the test rollouts kept for the report (one per method, start and step).
 */
public final class CouplingMemory {
    private CouplingMemory() {
    }

    /**
     * What setup and training hold: reference frames, one-step pairs and solvers.
     *
     * @param spec the case
     * @return the estimate
     */
    public static MemoryEstimate setup(CouplingSpec spec) {
        FlowCase flow = spec.flow();
        int nx = flow.nx(), ny = flow.ny();
        long state = MemoryEstimate.stateBytes(nx, ny);
        long channels = 8L * 2 * (nx + 1L) * (ny + 1L);
        int reynolds = new TreeSet<>(DoubleStream.concat(Arrays.stream(spec.training().reynolds()),
                Arrays.stream(spec.evaluation().reynolds())).boxed().toList()).size();
        long pairs = (long) spec.training().reynolds().length * Math.max(0, spec.training().frames() - 1);
        int threads = ForkJoinPool.getCommonPoolParallelism() + 1;
        return MemoryEstimate.none()
                .plus("reference frames", (long) reynolds * flow.frames() * state)
                .plus("one-step pairs", pairs * (state + channels))
                .plus("solvers", MemoryEstimate.solverBytes((long) (reynolds + threads) * nx * ny));
    }

    /**
     * What the test rollouts keep for the report.
     *
     * @param spec    the case
     * @param methods methods evaluated, SRC included
     * @return the estimate
     */
    public static MemoryEstimate testRollouts(CouplingSpec spec, int methods) {
        long states = (long) methods * spec.evaluation().reynolds().length * spec.evaluation().starts()
                * spec.evaluation().steps();
        return MemoryEstimate.none().plus("test rollouts",
                states * MemoryEstimate.stateBytes(spec.flow().nx(), spec.flow().ny()));
    }

    /** The settings that shrink {@link #setup}. */
    static String setupRemedy(CouplingSpec spec) {
        return "lower [reference] frames, [training] frames or the number of Reynolds numbers in " + spec.flow().file();
    }

    /** The settings that shrink {@link #testRollouts}. */
    static String rolloutRemedy(CouplingSpec spec) {
        return "lower [evaluation] steps or starts in " + spec.flow().file();
    }
}
