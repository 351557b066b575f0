package org.deepzero.coupling;

import java.util.LinkedHashSet;
import java.util.concurrent.ForkJoinPool;
import org.deepzero.coupling.spec.CouplingSpec;
import org.deepzero.coupling.train.CouplingSetup;
import org.deepzero.solver.MemoryEstimate;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.solver.pde.PdeCase;

/**
 * The Java heap a coupled case holds, from its settings alone, so that a case too large for the
 * heap is refused before reference generation, training or evaluation starts. Counted: the
 * reference frames of every parameter set, the one-step training pairs (solved state and
 * correction channels), the coarse solvers (one per parameter set, one stepping per thread), and
 * the states of the test rollouts kept for the report (one per method, start and step). Sizes of
 * one state and one solver come from the PDE ({@link PdeCase#stateBytes}, {@link PdeCase#solverBytes}).
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
    public static MemoryEstimate setup(CouplingSpec<?> spec) {
        PdeCase<?> pde = spec.pde();
        long state = pde.stateBytes();
        int[] shape = pde.channelShape();
        long channels = 8L * shape[0] * shape[1] * shape[2];
        LinkedHashSet<CaseParameters> all = new LinkedHashSet<>(spec.training().parameters());
        all.addAll(spec.evaluation().parameters());
        int sets = all.size();
        int trajectories = new LinkedHashSet<>(CouplingSetup.trajectories(spec)).size();
        long pairs = (long) spec.training().parameters().size() * Math.max(0, spec.training().frames() - 1);
        int threads = ForkJoinPool.getCommonPoolParallelism() + 1;
        return MemoryEstimate.none()
                .plus("reference frames", (long) trajectories * pde.frames() * state)
                .plus("one-step pairs", pairs * (state + channels))
                .plus("solvers", (long) (sets + threads) * pde.solverBytes());
    }

    /**
     * What the test rollouts keep for the report.
     *
     * @param spec    the case
     * @param methods methods evaluated, SRC included
     * @return the estimate
     */
    public static MemoryEstimate testRollouts(CouplingSpec<?> spec, int methods) {
        // states are kept for one seed of each method (the report's images and fields)
        long states = (long) methods * spec.evaluation().parameters().size() * spec.evaluation().starts()
                * spec.evaluation().steps();
        return MemoryEstimate.none().plus("test rollouts", states * spec.pde().stateBytes());
    }

    /** The settings that shrink {@link #setup}. */
    static String setupRemedy(CouplingSpec<?> spec) {
        return "lower [reference] frames, [training] frames or the number of parameter sets in " + spec.pde().file();
    }

    /** The settings that shrink {@link #testRollouts}. */
    static String rolloutRemedy(CouplingSpec<?> spec) {
        return "lower [evaluation] steps or starts in " + spec.pde().file();
    }
}
