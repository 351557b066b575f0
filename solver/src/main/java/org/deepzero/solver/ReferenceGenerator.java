package org.deepzero.solver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deepzero.common.ProgressListener;
import org.deepzero.solver.flow.Downsampler;
import org.deepzero.solver.flow.FlowState;
import org.deepzero.solver.flow.WakeFlow;
import org.deepzero.solver.io.FlowCase;
import org.deepzero.solver.io.InputException;
import org.deepzero.solver.io.Trajectory;
import org.deepzero.solver.io.TrajectoryReader;
import org.deepzero.solver.io.TrajectoryMeta;
import org.deepzero.solver.io.TrajectoryWriter;

/**
 * Makes reference trajectories: the case on a grid {@code factor} times finer with
 * {@code dt / factor} (so {@code factor} fine steps span one coarse step and the CFL number is the
 * coarse one), run for {@code warmup_steps} coarse steps past the transient, then every
 * {@code stride} coarse steps a frame downsampled onto the coarse grid (face averages), written
 * to HDF5. The entry point of {@code deepzero reference}.
 */
public final class ReferenceGenerator {
    private ReferenceGenerator() {
    }

    /**
     * The default file of a reference, named by the case hash so a changed case never reuses a
     * stale one: {@code <outputDir>/reference-<hash 12>-re<Re>.h5}.
     *
     * @param c  the case
     * @param re Reynolds number
     * @return the path
     */
    public static Path defaultFile(FlowCase c, double re) {
        return c.outputDir().resolve(String.format(Locale.ROOT, "reference-%s-re%s.h5",
                c.hash().substring(0, 12), Simulation.fmt(re)));
    }

    /**
     * Runs the fine flow and writes the downsampled frames.
     *
     * @param c        the case
     * @param re       Reynolds number
     * @param outFile  destination (written atomically)
     * @param listener progress per coarse step ("warm-up", then "frames")
     * @return the coarse frames written
     * @throws SimulationDivergedException when the fine flow blows up
     */
    public static List<FlowState> generate(FlowCase c, double re, Path outFile, ProgressListener listener) {
        int f = c.factor();
        WakeFlow fine = new WakeFlow(c.referenceSpec(re));
        WakeFlow coarse = new WakeFlow(c.coarseSpec(re));
        Downsampler down = new Downsampler(coarse.mask(), f);
        FlowState s = fine.initialState();
        for (int k = 1; k <= c.warmupSteps(); k++) {
            s = advance(fine, s, f);
            listener.progress("warm-up", k, c.warmupSteps(), fine.diagnostics(s));
        }
        List<FlowState> frames = new ArrayList<>(c.frames());
        List<double[]> vort = new ArrayList<>(c.frames());
        for (int k = 0; k < c.frames(); k++) {
            if (k > 0) {
                s = advance(fine, s, f * c.stride());
            }
            FlowState cs = down.downsample(s);
            frames.add(cs);
            vort.add(coarse.vorticity(cs));
            listener.progress("frames", k + 1, c.frames(), fine.diagnostics(s));
        }
        TrajectoryMeta meta = new TrajectoryMeta(c.nx(), c.ny(), c.mesh().width(), c.mesh().height(),
                c.inflowSpeed(), re, c.dt(), f, c.warmupSteps(), c.stride(), SolverVersion.VERSION, c.hash());
        TrajectoryWriter.write(outFile, meta, frames, vort, coarse.solidCells());
        return frames;
    }

    /**
     * The cached reference of {@link #defaultFile} when it exists and was made by this case (same
     * hash) and this solver version; otherwise generates and caches it.
     *
     * @param c        the case
     * @param re       Reynolds number
     * @param listener progress when generating
     * @return the coarse frames and metadata
     */
    public static Trajectory loadOrGenerate(FlowCase c, double re, ProgressListener listener) {
        Path file = defaultFile(c, re);
        if (Files.isRegularFile(file)) {
            try {
                Trajectory t = TrajectoryReader.read(file);
                TrajectoryMeta m = t.meta();
                if (m.caseHash().equals(c.hash()) && m.solverVersion().equals(SolverVersion.VERSION)
                        && m.reynolds() == re && t.frames().size() == c.frames()) {
                    return t;
                }
            } catch (InputException e) {
                // a damaged cache file is simply regenerated
            }
        }
        generate(c, re, file, listener);
        return TrajectoryReader.read(file);
    }

    private static FlowState advance(WakeFlow flow, FlowState s, int steps) {
        for (int k = 0; k < steps; k++) {
            s = flow.step(s);
        }
        return s;
    }
}
