package org.deepzero.solver.flow;

import java.nio.file.Files;
import java.nio.file.Path;
import org.deepzero.common.ProgressListener;
import org.deepzero.solver.MemoryEstimate;
import org.deepzero.solver.ReferenceGenerator;
import org.deepzero.solver.SimulationDivergedException;
import org.deepzero.solver.SolverVersion;
import org.deepzero.solver.io.InputException;
import org.deepzero.solver.io.Trajectory;
import org.deepzero.solver.io.TrajectoryReader;
import org.deepzero.solver.io.TrajectoryWriter;
import org.deepzero.solver.pde.TrajectoryId;

/**
 * The wake flow's reference cache: a reference ({@link ReferenceGenerator} with the wake's fine flow
 * and face-average restriction, {@link Downsampler}) is written as it is made to the XDMF file
 * {@link #file} with HDF5 parts beside it ({@link WakeTrajectoryWriter}), and reused while its case
 * hash, solver fingerprint, Reynolds number and frame count are current. The entry point of
 * {@code deepzero reference} for wake cases.
 */
public final class WakeReferences {
    private WakeReferences() {
    }

    /**
     * The file of a reference: {@code <outputDir>/reference-<key 12>-re<Re>.xdmf}, with
     * {@code -t<trajectory>} before the extension for trajectories other than 0 (other initial
     * perturbations, {@link WakeFlow#initialState(int)}); named by {@link ReferenceGenerator#file}.
     *
     * @param c          the case
     * @param re         Reynolds number
     * @param trajectory the perturbation index (0: the default initial state)
     * @return the path
     */
    public static Path file(FlowCase c, double re, int trajectory) {
        return ReferenceGenerator.file(c.outputDir(), c.hash(), new TrajectoryId(WakeFlowCase.reynolds(re), trajectory),
                TrajectoryWriter.EXTENSION);
    }

    /** {@link #file(FlowCase, double, int)} of trajectory 0. */
    public static Path file(FlowCase c, double re) {
        return file(c, re, 0);
    }

    /**
     * Heap one generation holds at its peak: the fine and the coarse solver and a part's frames.
     *
     * @param c the case
     * @return the estimate
     */
    public static MemoryEstimate generationEstimate(FlowCase c) {
        return MemoryEstimate.none()
                .plus("fine solver", WakeMemory.solverBytes((long) c.nx() * c.factor(), (long) c.ny() * c.factor()))
                .plus("coarse solver", WakeMemory.solverBytes(c.nx(), c.ny()))
                .plus("frame buffer", Math.min(c.frames(), WakeTrajectoryWriter.framesPerPart(c.nx(), c.ny()))
                        * WakeTrajectoryWriter.frameBytes(c.nx(), c.ny()));
    }

    /**
     * Disk one reference takes.
     *
     * @param c the case
     * @return bytes
     */
    public static long diskBytes(FlowCase c) {
        return c.frames() * WakeTrajectoryWriter.diskBytesPerFrame(c.nx(), c.ny());
    }

    /**
     * Runs the fine flow from the initial perturbation {@code trajectory} and streams the
     * downsampled frames, with their vorticity, to disk.
     *
     * @param c          the case
     * @param re         Reynolds number
     * @param trajectory the perturbation index ({@link WakeFlow#initialState(int)}; 0 is the default one)
     * @param outFile    the trajectory's XDMF file (parts and index written atomically)
     * @param listener   progress per coarse step ("warm-up", then "frames")
     * @return the frames written
     * @throws SimulationDivergedException when the fine flow blows up
     */
    public static int generate(FlowCase c, double re, int trajectory, Path outFile, ProgressListener listener) {
        WakeFlow fine = new WakeFlow(c.referenceSpec(re));
        WakeFlow coarse = new WakeFlow(c.coarseSpec(re));
        Downsampler down = new Downsampler(coarse.mask(), c.factor());
        TrajectoryMeta meta = new TrajectoryMeta(c.nx(), c.ny(), c.mesh().width(), c.mesh().height(),
                c.inflowSpeed(), re, c.dt(), c.factor(), c.warmupSteps(), c.stride(), SolverVersion.fingerprint(),
                c.hash());
        ReferenceGenerator.Plan plan = new ReferenceGenerator.Plan(c.factor(), c.warmupSteps(), c.frames(), c.stride());
        try (WakeTrajectoryWriter out = WakeTrajectoryWriter.open(outFile, meta, coarse.solidCells(), true,
                WakeTrajectoryWriter.framesPerPart(c.nx(), c.ny()))) {
            return ReferenceGenerator.generate(fine, fine.initialState(trajectory), plan, down::downsample,
                    cs -> out.add(cs, coarse.vorticity(cs)), listener);
        }
    }

    /** {@link #generate(FlowCase, double, int, Path, ProgressListener)} of trajectory 0. */
    public static int generate(FlowCase c, double re, Path outFile, ProgressListener listener) {
        return generate(c, re, 0, outFile, listener);
    }

    /**
     * Whether {@link #file} holds the reference this case and solver version make (same hash,
     * Reynolds number and frame count). A reference cached in the single-file layout
     * ({@code reference-<key 12>-re<Re>.h5}) counts: it gets an XDMF index and is reused as it is.
     *
     * @param c          the case
     * @param re         Reynolds number
     * @param trajectory the perturbation index
     * @return true when it can be read instead of generated
     */
    public static boolean isCached(FlowCase c, double re, int trajectory) {
        Path file = file(c, re, trajectory);
        Path single = singleFile(file);
        try {
            if (!Files.isRegularFile(file) && Files.isRegularFile(single) && matches(c, re, single)) {
                WakeTrajectoryWriter.index(single, file);
            }
            return Files.isRegularFile(file) && matches(c, re, file);
        } catch (InputException e) {
            return false; // a damaged cache is simply regenerated
        }
    }

    /** {@link #isCached(FlowCase, double, int)} of trajectory 0. */
    public static boolean isCached(FlowCase c, double re) {
        return isCached(c, re, 0);
    }

    /**
     * Generates the reference unless {@link #isCached}.
     *
     * @return its file
     */
    public static Path ensure(FlowCase c, double re, int trajectory, ProgressListener listener) {
        if (!isCached(c, re, trajectory)) {
            generate(c, re, trajectory, file(c, re, trajectory), listener);
        }
        return file(c, re, trajectory);
    }

    /**
     * The cached reference of {@link #file} when it exists and was made by this case (same hash) and
     * this solver version; otherwise generates and caches it.
     *
     * @return the coarse frames, as stored, and their metadata
     */
    public static Trajectory<TrajectoryMeta, FlowState> loadOrGenerate(FlowCase c, double re, int trajectory,
                                                                       ProgressListener listener) {
        Path file = ensure(c, re, trajectory, listener);
        try {
            return WakeTrajectoryReader.read(file);
        } catch (InputException e) {
            // a part damaged after its index was checked: make it again
            generate(c, re, trajectory, file, listener);
            return WakeTrajectoryReader.read(file);
        }
    }

    /** {@link #loadOrGenerate(FlowCase, double, int, ProgressListener)} of trajectory 0. */
    public static Trajectory<TrajectoryMeta, FlowState> loadOrGenerate(FlowCase c, double re,
                                                                       ProgressListener listener) {
        return loadOrGenerate(c, re, 0, listener);
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

    private static boolean matches(FlowCase c, double re, Path file) {
        TrajectoryReader.Info<TrajectoryMeta> info = WakeTrajectoryReader.info(file);
        return isCurrent(c, re, info.meta(), info.frames());
    }
}
