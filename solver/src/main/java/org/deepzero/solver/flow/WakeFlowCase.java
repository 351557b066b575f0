package org.deepzero.solver.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deepzero.common.ProgressListener;
import java.util.concurrent.ForkJoinPool;
import org.deepzero.solver.MemoryEstimate;
import org.deepzero.solver.ReferenceGenerator;
import org.deepzero.solver.io.CaseFile;
import org.deepzero.solver.io.FlowCase;
import org.deepzero.solver.io.FlowCaseReader;
import org.deepzero.solver.io.TrajectoryMeta;
import org.deepzero.solver.io.TrajectoryReader;
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

    /** Main's check and parallel generation ({@link ReferenceGenerator#ensure}) of the uncached ones. */
    @Override
    public void ensureTrajectories(List<TrajectoryId> ids, ProgressListener listener) {
        java.util.LinkedHashSet<TrajectoryId> missing = new java.util.LinkedHashSet<>();
        for (TrajectoryId id : ids) {
            if (!ReferenceGenerator.isCached(flow, id.parameters().get(REYNOLDS), id.trajectory())) {
                missing.add(id);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        generationEstimate(missing.size()).requireFits("lower [reference] factor or [grid] nx, ny in " + flow.file());
        MemoryEstimate.requireDisk(flow.outputDir(), missing.size() * ReferenceGenerator.diskBytes(flow),
                "lower [reference] frames in " + flow.file());
        missing.parallelStream().forEach(id -> ReferenceGenerator.ensure(flow, id.parameters().get(REYNOLDS),
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
        return ReferenceGenerator.generationEstimate(flow).times(atOnce);
    }

    @Override
    public long stateBytes() {
        return MemoryEstimate.stateBytes(flow.nx(), flow.ny());
    }

    @Override
    public long solverBytes() {
        return MemoryEstimate.solverBytes((long) flow.nx() * flow.ny());
    }

    /** XDMF with HDF5 parts ({@link TrajectoryWriter}). */
    @Override
    public String trajectoryExtension() {
        return TrajectoryWriter.EXTENSION;
    }

    /** Through the solver's cache ({@link ReferenceGenerator#loadOrGenerate}), downsampled, float32 as stored. */
    @Override
    public List<FlowState> reference(TrajectoryId id, ProgressListener listener) {
        return ReferenceGenerator.loadOrGenerate(flow, id.parameters().get(REYNOLDS), id.trajectory(), listener)
                .frames();
    }

    @Override
    public Path referenceFile(TrajectoryId id) {
        return ReferenceGenerator.defaultFile(flow, id.parameters().get(REYNOLDS), id.trajectory());
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
        TrajectoryWriter.write(file, meta, frames, vort, any.solidCells());
    }

    @Override
    public List<FlowState> readTrajectory(Path file) {
        return TrajectoryReader.read(file).frames();
    }
}
