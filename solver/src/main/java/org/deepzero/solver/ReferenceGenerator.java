package org.deepzero.solver;

import java.nio.file.Files;
import java.nio.file.Path;
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
 * to HDF5 as they are made (part files tied by an XDMF file, {@link TrajectoryWriter}). The entry
 * point of {@code deepzero reference}.
 */
public final class ReferenceGenerator {
    private ReferenceGenerator() {
    }

    /**
     * The default file of a reference, named by the case hash and the solver's source hash
     * ({@link SolverVersion#dataKey}) so neither a changed case nor a changed solver reuses a stale
     * one: {@code <outputDir>/reference-<key 12>-re<Re>.xdmf} (with its HDF5 parts beside it).
     *
     * @param c  the case
     * @param re Reynolds number
     * @return the path
     */
    public static Path defaultFile(FlowCase c, double re) {
        return defaultFile(c, re, 0);
    }

    /**
     * The file of trajectory {@code trajectory} at {@code re}: {@link #defaultFile(FlowCase, double)} for
     * 0, with {@code -t<trajectory>} before the extension for the others (other initial perturbations,
     * {@link WakeFlow#initialState(int)}).
     */
    public static Path defaultFile(FlowCase c, double re, int trajectory) {
        return c.outputDir().resolve(String.format(Locale.ROOT, "reference-%s-re%s%s%s",
                SolverVersion.dataKey(c.hash()).substring(0, 12), Simulation.fmt(re),
                trajectory == 0 ? "" : "-t" + trajectory, TrajectoryWriter.EXTENSION));
    }

    /**
     * Heap one generation holds at its peak: the fine and the coarse solver and a part's frames.
     *
     * @param c the case
     * @return the estimate
     */
    public static MemoryEstimate generationEstimate(FlowCase c) {
        long coarse = (long) c.nx() * c.ny();
        return MemoryEstimate.none()
                .plus("fine solver", MemoryEstimate.solverBytes(coarse * c.factor() * c.factor()))
                .plus("coarse solver", MemoryEstimate.solverBytes(coarse))
                .plus("frame buffer", Math.min(c.frames(), TrajectoryWriter.framesPerPart(c.nx(), c.ny()))
                        * TrajectoryWriter.frameBytes(c.nx(), c.ny()));
    }

    /**
     * Disk one reference takes.
     *
     * @param c the case
     * @return bytes
     */
    public static long diskBytes(FlowCase c) {
        return c.frames() * TrajectoryWriter.diskBytesPerFrame(c.nx(), c.ny());
    }

    /**
     * Runs the fine flow and streams the downsampled frames to disk.
     *
     * @param c        the case
     * @param re       Reynolds number
     * @param outFile  the trajectory's XDMF file (parts and index written atomically)
     * @param listener progress per coarse step ("warm-up", then "frames")
     * @return the frames written
     * @throws SimulationDivergedException when the fine flow blows up
     */
    public static int generate(FlowCase c, double re, Path outFile, ProgressListener listener) {
        return generate(c, re, 0, outFile, listener);
    }

    /**
     * {@link #generate(FlowCase, double, Path, ProgressListener)} from the initial perturbation
     * {@code trajectory} ({@link WakeFlow#initialState(int)}; 0 is the default one).
     */
    public static int generate(FlowCase c, double re, int trajectory, Path outFile, ProgressListener listener) {
        int f = c.factor();
        WakeFlow fine = new WakeFlow(c.referenceSpec(re));
        WakeFlow coarse = new WakeFlow(c.coarseSpec(re));
        Downsampler down = new Downsampler(coarse.mask(), f);
        FlowState s = fine.initialState(trajectory);
        for (int k = 1; k <= c.warmupSteps(); k++) {
            s = advance(fine, s, f);
            listener.progress("warm-up", k, c.warmupSteps(), fine.diagnostics(s));
        }
        TrajectoryMeta meta = new TrajectoryMeta(c.nx(), c.ny(), c.mesh().width(), c.mesh().height(),
                c.inflowSpeed(), re, c.dt(), f, c.warmupSteps(), c.stride(), SolverVersion.fingerprint(), c.hash());
        try (TrajectoryWriter out = TrajectoryWriter.open(outFile, meta, coarse.solidCells(), true,
                TrajectoryWriter.framesPerPart(c.nx(), c.ny()))) {
            for (int k = 0; k < c.frames(); k++) {
                if (k > 0) {
                    s = advance(fine, s, f * c.stride());
                }
                FlowState cs = down.downsample(s);
                out.add(cs, coarse.vorticity(cs));
                listener.progress("frames", k + 1, c.frames(), fine.diagnostics(s));
            }
        }
        return c.frames();
    }

    /**
     * Whether {@link #defaultFile} holds the reference this case and solver version make (same hash,
     * Reynolds number and frame count). A reference cached in the single-file layout
     * ({@code reference-<hash 12>-re<Re>.h5}) counts: it gets an XDMF index and is reused as it is.
     *
     * @param c  the case
     * @param re Reynolds number
     * @return true when it can be read instead of generated
     */
    public static boolean isCached(FlowCase c, double re) {
        return isCached(c, re, 0);
    }

    /** {@link #isCached(FlowCase, double)} for trajectory {@code trajectory}. */
    public static boolean isCached(FlowCase c, double re, int trajectory) {
        Path file = defaultFile(c, re, trajectory);
        Path single = singleFile(file);
        try {
            if (!Files.isRegularFile(file) && Files.isRegularFile(single) && matches(c, re, TrajectoryReader.info(single))) {
                TrajectoryWriter.index(single, file);
            }
            return Files.isRegularFile(file) && matches(c, re, TrajectoryReader.info(file));
        } catch (InputException e) {
            return false; // a damaged cache is simply regenerated
        }
    }

    /**
     * Generates the reference unless {@link #isCached}.
     *
     * @param c        the case
     * @param re       Reynolds number
     * @param listener progress when generating
     * @return its file
     */
    public static Path ensure(FlowCase c, double re, ProgressListener listener) {
        return ensure(c, re, 0, listener);
    }

    /** {@link #ensure(FlowCase, double, ProgressListener)} for trajectory {@code trajectory}. */
    public static Path ensure(FlowCase c, double re, int trajectory, ProgressListener listener) {
        if (!isCached(c, re, trajectory)) {
            generate(c, re, trajectory, defaultFile(c, re, trajectory), listener);
        }
        return defaultFile(c, re, trajectory);
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
        return loadOrGenerate(c, re, 0, listener);
    }

    /** {@link #loadOrGenerate(FlowCase, double, ProgressListener)} for trajectory {@code trajectory}. */
    public static Trajectory loadOrGenerate(FlowCase c, double re, int trajectory, ProgressListener listener) {
        Path file = ensure(c, re, trajectory, listener);
        try {
            return TrajectoryReader.read(file);
        } catch (InputException e) {
            // a part damaged after its index was checked: make it again
            generate(c, re, trajectory, file, listener);
            return TrajectoryReader.read(file);
        }
    }

    private static boolean matches(FlowCase c, double re, TrajectoryReader.Info info) {
        return isCurrent(c, re, info.meta(), info.frames());
    }

    /**
     * Whether a stored reference of metadata {@code m} and {@code frames} frames is what this case
     * and this solver make at {@code re}: same case hash, same solver fingerprint (version and source
     * hash, {@link SolverVersion#fingerprint()}), Reynolds number and frame count.
     */
    public static boolean isCurrent(FlowCase c, double re, TrajectoryMeta m, int frames) {
        return m.caseHash().equals(c.hash()) && m.solverVersion().equals(SolverVersion.fingerprint())
                && m.reynolds() == re && frames == c.frames();
    }

    /** The file name the single-file layout used for the same reference (read when no index exists yet). */
    public static Path singleFile(Path xdmf) {
        String name = xdmf.getFileName().toString();
        return xdmf.resolveSibling(name.substring(0, name.length() - TrajectoryWriter.EXTENSION.length()) + ".h5");
    }

    private static FlowState advance(WakeFlow flow, FlowState s, int steps) {
        for (int k = 0; k < steps; k++) {
            s = flow.step(s);
        }
        return s;
    }
}
