package org.deepzero.solver;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import org.deepzero.common.ProgressListener;
import org.deepzero.solver.pde.TrajectoryId;

/**
 * Makes reference trajectories for any PDE: its solver on a grid {@code factor} times finer with
 * {@code dt / factor} (so {@code factor} fine steps span one coarse step and the CFL number is the
 * coarse one), run for {@code warmupSteps} coarse steps past the transient, then every
 * {@code stride} coarse steps a frame restricted onto the coarse grid and handed on as it is made
 * (the PDE stores it: the wake streams HDF5 parts, Burgers keeps them for one file). Where a
 * reference is kept is named here too ({@link #file}), the same way for every PDE.
 */
public final class ReferenceGenerator {
    private ReferenceGenerator() {
    }

    /**
     * The schedule of one reference.
     *
     * @param factor      fine steps per coarse step, at least 1
     * @param warmupSteps coarse steps before the first frame, at least 0
     * @param frames      frames, at least 1
     * @param stride      coarse steps between frames, at least 1
     */
    public record Plan(int factor, int warmupSteps, int frames, int stride) {
        /** Validates. */
        public Plan {
            if (factor < 1 || warmupSteps < 0 || frames < 1 || stride < 1) {
                throw new IllegalArgumentException("bad reference plan: factor " + factor + ", warm-up "
                        + warmupSteps + ", frames " + frames + ", stride " + stride);
            }
        }
    }

    /**
     * Runs the fine solver and hands on the restricted frames.
     *
     * @param fine     the fine solver
     * @param start    its initial state
     * @param plan     the schedule
     * @param restrict a fine state onto the coarse grid
     * @param frame    receives each coarse frame, in order
     * @param listener progress per coarse step ("warm-up", then "frames"), with the fine diagnostics
     * @return the frames made
     * @throws SimulationDivergedException when the fine solution blows up
     */
    public static <S, C> int generate(Pde<S> fine, S start, Plan plan, Function<S, C> restrict, Consumer<C> frame,
                                      ProgressListener listener) {
        S s = start;
        for (int k = 1; k <= plan.warmupSteps(); k++) {
            s = advance(fine, s, plan.factor());
            listener.progress("warm-up", k, plan.warmupSteps(), fine.diagnostics(s));
        }
        for (int k = 0; k < plan.frames(); k++) {
            if (k > 0) {
                s = advance(fine, s, plan.factor() * plan.stride());
            }
            frame.accept(restrict.apply(s));
            listener.progress("frames", k + 1, plan.frames(), fine.diagnostics(s));
        }
        return plan.frames();
    }

    /**
     * Where a reference is kept: {@code <outputDir>/reference-<key 12>-<tag><extension>}, the key
     * ({@link SolverVersion#dataKey}) over the case hash and the solver's sources, so neither a
     * changed case nor a changed solver reuses a stale one; the tag names the parameters and the
     * initial perturbation ({@link TrajectoryId#tag()}, e.g. {@code re150} or {@code re150-t2}).
     *
     * @param outputDir the case's output folder
     * @param caseHash  the case's hash
     * @param id        the trajectory
     * @param extension e.g. {@code .xdmf}
     * @return the path
     */
    public static Path file(Path outputDir, String caseHash, TrajectoryId id, String extension) {
        return outputDir.resolve(String.format(Locale.ROOT, "reference-%s-%s%s",
                SolverVersion.dataKey(caseHash).substring(0, 12), id.tag(), extension));
    }

    private static <S> S advance(Pde<S> pde, S s, int steps) {
        for (int k = 0; k < steps; k++) {
            s = pde.step(s);
        }
        return s;
    }
}
