package org.deepzero.solver.pde;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.deepzero.common.ProgressListener;
import org.deepzero.solver.PdeSimulation;
import org.deepzero.solver.io.CaseFile;

/**
 * A PDE case as the coupling code sees it: its coarse solvers by {@link CaseParameters}, the reference
 * data (a finer simulation restricted onto the coarse grid, cached), how parameters are written in
 * a case file and fed to a network, and how trajectories are stored. One implementation per
 * {@code [pde] kind} (see {@link PdeKinds}); nothing outside it names its state type.
 *
 * @param <S> the state type; immutable
 */
public interface PdeCase<S> {

    /** @return the {@code [pde] kind} */
    String kind();

    /** @return the case name (its folder name) */
    String name();

    /** @return the case file */
    Path file();

    /** @return SHA-256 (hex) of everything that shapes the solver and reference; names cached data */
    String hash();

    /** @return where outputs go */
    Path outputDir();

    /** @return frames in one reference trajectory */
    int frames();

    /** @return the typical size of a field value: the network sees fields divided by it */
    double fieldScale();

    /** @return {@code {channels, height, width}} of the coarse solvers' channel layout */
    int[] channelShape();

    /** @return names of the parameters that enter the network as constant channels, in order */
    List<String> featureNames();

    /** @return the parameters used for training when {@code [training]} gives none */
    List<CaseParameters> defaultTrainingParameters();

    /**
     * Reads this PDE's parameter keys from {@code [training]} or {@code [evaluation]}.
     *
     * @param section  the section; the keys read are marked used
     * @param required whether a missing key is an error (else: empty list)
     * @return the parameter sets, in the order given
     * @throws org.deepzero.solver.io.InputException naming file, key and problem
     */
    List<CaseParameters> readParameters(CaseFile.Section section, boolean required);

    /** @return the coarse solver at {@code p} */
    CoupledPde<S> coarse(CaseParameters p);

    /**
     * The reference at {@code p}: the fine simulation's frames restricted onto the coarse grid, one
     * coarse time step apart, as stored (so fresh and cached data are the same); made if missing.
     */
    default List<S> reference(CaseParameters p, ProgressListener listener) {
        return reference(TrajectoryId.of(p), listener);
    }

    /**
     * The reference trajectory {@code id}: as {@link #reference(CaseParameters, ProgressListener)},
     * from the initial perturbation {@code id.trajectory()} (0: the default initial state). The cache
     * is keyed by the case's content and the solver's sources ({@link org.deepzero.solver.SolverVersion#dataKey}).
     */
    List<S> reference(TrajectoryId id, ProgressListener listener);

    /**
     * Makes the references of {@code parameters} (their default trajectories) that are not cached yet.
     *
     * @throws org.deepzero.solver.ResourceLimitException when they cannot fit
     */
    default void ensureReferences(List<CaseParameters> parameters, ProgressListener listener) {
        ensureTrajectories(parameters.stream().map(TrajectoryId::of).toList(), listener);
    }

    /**
     * Makes the reference trajectories {@code ids} that are not cached yet (in parallel), without
     * keeping their frames, after a check that they fit in the heap and on the disk.
     *
     * @throws org.deepzero.solver.ResourceLimitException when they cannot fit
     */
    void ensureTrajectories(List<TrajectoryId> ids, ProgressListener listener);

    /** @return heap bytes of one coarse state kept in memory (for memory estimates) */
    long stateBytes();

    /** @return peak heap bytes of one coarse solver stepping */
    long solverBytes();

    /** @return the file extension of {@link #writeTrajectory}, e.g. {@code .xdmf} */
    String trajectoryExtension();

    /** @return where {@link #reference} keeps the data of {@code p} (its default trajectory) */
    default Path referenceFile(CaseParameters p) {
        return referenceFile(TrajectoryId.of(p));
    }

    /** @return where {@link #reference(TrajectoryId, ProgressListener)} keeps the data of {@code id} */
    Path referenceFile(TrajectoryId id);

    /**
     * Writes coarse frames as a trajectory file (the PDE's layout, with its picture field).
     *
     * @param firstStep coarse step of the first frame
     * @param version   solver version recorded in the file
     */
    void writeTrajectory(Path file, CaseParameters p, long firstStep, List<S> frames, String version);

    /** @return the frames of a trajectory written by {@link #writeTrajectory} */
    List<S> readTrajectory(Path file);

    /** @return where the case sets the coarse resolution, for messages (e.g. {@code [grid] nx, ny}) */
    default String resolutionKeys() {
        return "[" + kind() + "]";
    }

    /**
     * What {@code deepzero check} prints about a valid case besides its kind and channels: the numbers
     * that decide whether it is sensible, then for each of {@code trajectories} the state of its cached
     * reference. Reads only. By default the cache state alone.
     *
     * @param trajectories the references the case needs
     * @return the lines, in order
     */
    default List<String> checkLines(Collection<TrajectoryId> trajectories) {
        List<String> out = new ArrayList<>();
        for (TrajectoryId id : trajectories) {
            Path ref = referenceFile(id);
            out.add(id.label() + ": " + (Files.isRegularFile(ref) ? "cached reference " : "no cached reference ") + ref);
        }
        return out;
    }

    /**
     * The parameters {@code deepzero simulate} runs at. By default the first of {@code training}, or
     * of {@link #defaultTrainingParameters()} when it is empty.
     *
     * @param training the case's {@code [training]} parameters (empty when it gives none)
     * @return the parameters
     */
    default CaseParameters simulationParameters(List<CaseParameters> training) {
        return training.isEmpty() ? defaultTrainingParameters().get(0) : training.get(0);
    }

    /** @return coarse steps {@code deepzero simulate} runs when not told; by default {@link #frames()} */
    default int simulationSteps() {
        return frames();
    }

    /**
     * {@code deepzero simulate}: the coarse solver at {@code p} from its initial state; writes the
     * trajectory, {@code diagnostics.csv} and pictures into {@code outDir}. By default
     * {@link PdeSimulation} with a picture every quarter of the run; a PDE whose trajectories outgrow
     * the heap streams them (the wake flow).
     *
     * @param p        the parameters
     * @param steps    coarse steps, positive
     * @param stride   steps between stored frames, positive
     * @param outDir   output folder (created)
     * @param listener progress, once per step
     * @return what was written
     * @throws org.deepzero.solver.ResourceLimitException when the run cannot fit in the heap or on the disk
     */
    default PdeSimulation.Result simulate(CaseParameters p, int steps, int stride, Path outDir,
                                          ProgressListener listener) {
        return PdeSimulation.run(this, p, steps, stride, Math.max(1, steps / 4), outDir, listener);
    }

    /**
     * {@code deepzero simulate --benchmark}: the cost of the coarse solver's step, one line per
     * measurement. By default none (the command then says the PDE has no benchmark).
     *
     * @return the lines
     */
    default List<String> benchmark() {
        return List.of();
    }
}
