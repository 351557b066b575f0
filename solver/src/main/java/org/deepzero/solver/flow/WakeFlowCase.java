package org.deepzero.solver.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import org.deepzero.common.ProgressListener;
import org.deepzero.solver.MemoryEstimate;
import org.deepzero.solver.PdeSimulation;
import org.deepzero.solver.io.CaseFile;
import org.deepzero.solver.io.TrajectoryWriter;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.solver.pde.PdeCase;
import org.deepzero.solver.pde.TrajectoryId;

/**
 * The wake flow ({@code [pde] kind = wake-flow}, the default) on the PDE contract: one parameter,
 * {@code reynolds}, given in {@code [training]} and {@code [evaluation]} as {@code reynolds = 100, 160};
 * the network sees the velocities divided by the inflow speed and a Reynolds-number channel.
 *
 * @param flow the solver's sections of the case
 */
public record WakeFlowCase(FlowCase flow) implements PdeCase<FlowState> {
    /** The sections this kind reads. */
    public static final List<String> SECTIONS = FlowCaseReader.SECTIONS;

    /** The one case parameter. */
    public static final String REYNOLDS = "reynolds";

    /** Reads the solver's sections of a case file. */
    public static WakeFlowCase read(CaseFile cf) {
        return new WakeFlowCase(FlowCaseReader.read(cf));
    }

    /** The parameters {@code {reynolds: re}}, labelled {@code Re=re}, tagged {@code re<re>}. */
    public static CaseParameters reynolds(double re) {
        String v = CaseParameters.trim(re);
        return new CaseParameters(Map.of(REYNOLDS, re), "Re=" + v, "re" + v);
    }

    @Override
    public String kind() {
        return "wake-flow";
    }

    @Override
    public String name() {
        return flow.name();
    }

    @Override
    public Path file() {
        return flow.file();
    }

    @Override
    public String hash() {
        return flow.hash();
    }

    @Override
    public Path outputDir() {
        return flow.outputDir();
    }

    @Override
    public int frames() {
        return flow.frames();
    }

    /** The inflow speed. */
    @Override
    public double fieldScale() {
        return flow.inflowSpeed();
    }

    @Override
    public int[] channelShape() {
        return new int[] {FlowState.CHANNELS, flow.ny() + 1, flow.nx() + 1};
    }

    @Override
    public List<String> featureNames() {
        return List.of(REYNOLDS);
    }

    /** The {@code [flow] reynolds} list. */
    @Override
    public List<CaseParameters> defaultTrainingParameters() {
        return flow.reynolds().stream().map(WakeFlowCase::reynolds).toList();
    }

    @Override
    public List<CaseParameters> readParameters(CaseFile.Section s, boolean required) {
        if (!required && !s.has(REYNOLDS)) {
            return List.of();
        }
        List<CaseParameters> out = new ArrayList<>();
        for (double re : s.numbers(REYNOLDS)) {
            if (re <= 0) {
                throw s.error(REYNOLDS, "Reynolds numbers must be positive, got " + re);
            }
            out.add(reynolds(re));
        }
        return out;
    }

    @Override
    public WakeFlow coarse(CaseParameters p) {
        return new WakeFlow(flow.coarseSpec(p.get(REYNOLDS)));
    }

    /** Main's check and parallel generation ({@link WakeReferences#ensure}) of the uncached ones. */
    @Override
    public void ensureTrajectories(List<TrajectoryId> ids, ProgressListener listener) {
        java.util.LinkedHashSet<TrajectoryId> missing = new java.util.LinkedHashSet<>();
        for (TrajectoryId id : ids) {
            if (!WakeReferences.isCached(flow, id.parameters().get(REYNOLDS), id.trajectory())) {
                missing.add(id);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        generationEstimate(missing.size()).requireFits("lower [reference] factor or [grid] nx, ny in " + flow.file());
        MemoryEstimate.requireDisk(flow.outputDir(), missing.size() * WakeReferences.diskBytes(flow),
                "lower [reference] frames in " + flow.file());
        missing.parallelStream().forEach(id -> WakeReferences.ensure(flow, id.parameters().get(REYNOLDS),
                id.trajectory(), listener.prefixed(id.label())));
    }

    /**
     * Heap of generating {@code missing} references, as many at once as the common pool runs.
     *
     * @param missing references to make
     * @return the estimate
     */
    public MemoryEstimate generationEstimate(int missing) {
        int atOnce = Math.min(missing, ForkJoinPool.getCommonPoolParallelism() + 1);
        return WakeReferences.generationEstimate(flow).times(atOnce);
    }

    @Override
    public long stateBytes() {
        return WakeMemory.stateBytes(flow.nx(), flow.ny());
    }

    @Override
    public long solverBytes() {
        return WakeMemory.solverBytes(flow.nx(), flow.ny());
    }

    /** XDMF with HDF5 parts ({@link WakeTrajectoryWriter}). */
    @Override
    public String trajectoryExtension() {
        return TrajectoryWriter.EXTENSION;
    }

    /** Through the wake's cache ({@link WakeReferences#loadOrGenerate}), downsampled, float32 as stored. */
    @Override
    public List<FlowState> reference(TrajectoryId id, ProgressListener listener) {
        return WakeReferences.loadOrGenerate(flow, id.parameters().get(REYNOLDS), id.trajectory(), listener)
                .frames();
    }

    @Override
    public Path referenceFile(TrajectoryId id) {
        return WakeReferences.file(flow, id.parameters().get(REYNOLDS), id.trajectory());
    }

    @Override
    public void writeTrajectory(Path file, CaseParameters p, long firstStep, List<FlowState> frames, String version) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file.getParent(), e);
        }
        WakeFlow any = coarse(p);
        TrajectoryMeta meta = new TrajectoryMeta(flow.nx(), flow.ny(), flow.mesh().width(), flow.mesh().height(),
                flow.inflowSpeed(), p.get(REYNOLDS), flow.dt(), 1, firstStep, 1, version, flow.hash());
        List<double[]> vort = frames.stream().map(any::vorticity).toList();
        WakeTrajectoryWriter.write(file, meta, frames, vort, any.solidCells());
    }

    @Override
    public List<FlowState> readTrajectory(Path file) {
        return WakeTrajectoryReader.read(file).frames();
    }

    @Override
    public String resolutionKeys() {
        return "[grid] nx, ny";
    }

    /** Grid, mesh, blockage, CFL and each reference's cache state ({@link WakeCaseCheck}). */
    @Override
    public List<String> checkLines(Collection<TrajectoryId> trajectories) {
        return WakeCaseCheck.lines(flow, trajectories);
    }

    /** The first {@code [flow] reynolds}, whatever {@code [training]} says. */
    @Override
    public CaseParameters simulationParameters(List<CaseParameters> training) {
        return reynolds(flow.defaultReynolds());
    }

    /** {@code [time] steps}. */
    @Override
    public int simulationSteps() {
        return flow.steps();
    }

    /**
     * {@link WakeSimulation}: the trajectory streamed to disk in parts, vorticity pictures every
     * {@code [output] image_every} steps.
     */
    @Override
    public PdeSimulation.Result simulate(CaseParameters p, int steps, int stride, Path outDir,
                                         ProgressListener listener) {
        WakeSimulation.Result r = WakeSimulation.run(flow, p.get(REYNOLDS), steps, stride, outDir, listener);
        return new PdeSimulation.Result(r.trajectory(), r.frames(), r.images(), r.diagnostics());
    }

    /** {@link WakeBenchmark#standard}: the coarse grid and the 4x finer one. */
    @Override
    public List<String> benchmark() {
        return WakeBenchmark.standard(flow).stream().map(WakeBenchmark.Result::toString).toList();
    }
}
