package org.deepzero.solver.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deepzero.common.ProgressListener;
import org.deepzero.solver.DiagnosticsCsv;
import org.deepzero.solver.MemoryEstimate;
import org.deepzero.solver.ResourceLimitException;
import org.deepzero.solver.SimulationDivergedException;
import org.deepzero.solver.SolverVersion;
import org.deepzero.solver.io.FieldImage;
import org.deepzero.solver.io.TrajectoryWriter;

/**
 * Runs the coarse wake flow of a case and writes its outputs, the trajectory streamed to disk in
 * parts: what {@code deepzero simulate} runs for a wake case ({@link WakeFlowCase#simulate}).
 */
public final class WakeSimulation {
    /** Pixels per cell of the vorticity images. */
    private static final int IMAGE_SCALE = 8;

    private WakeSimulation() {
    }

    /**
     * What a run wrote.
     *
     * @param trajectory the XDMF file of the stored frames (layout in {@link WakeTrajectoryWriter})
     * @param frames     frames stored
     * @param images     vorticity PNGs
     * @param diagnostics CSV of the diagnostics per step
     * @param last       the final state
     */
    public record Result(Path trajectory, int frames, List<Path> images, Path diagnostics, FlowState last) {
    }

    /**
     * Simulates the case's coarse grid at Reynolds number {@code re} from the initial state.
     * Writes the trajectory {@code <outDir>/<case>-re<Re>.xdmf} with its HDF5 parts (every
     * {@code stride}-th step from step 0, streamed to disk as the run goes), {@code diagnostics.csv}
     * and {@code vorticity-<step>.png} every {@code imageEvery} steps. Before anything is written,
     * the heap and disk the run needs are estimated, and a run that cannot fit is refused. When the
     * run fails (the flow blows up, the heap runs out after all), the frames up to the last good
     * step are kept as a valid, shorter trajectory, and so are the diagnostics. Validate the case
     * (FlowCaseReader) before calling: bad input then fails before anything is written.
     *
     * @param c        the case
     * @param re       Reynolds number
     * @param steps    coarse steps, positive
     * @param stride   steps between stored frames, positive
     * @param outDir   output folder (created)
     * @param listener progress, once per step
     * @return the written files
     * @throws SimulationDivergedException when the flow blows up
     * @throws ResourceLimitException      when the run cannot fit in the heap or on the disk
     */
    public static Result run(FlowCase c, double re, int steps, int stride, Path outDir, ProgressListener listener) {
        if (steps <= 0 || stride <= 0) {
            throw new IllegalArgumentException("steps and stride must be positive, got " + steps + ", " + stride);
        }
        int framesPerPart = WakeTrajectoryWriter.framesPerPart(c.nx(), c.ny());
        int frames = steps / stride + 1;
        long cells = (long) c.nx() * c.ny();
        MemoryEstimate.none()
                .plus("solver", WakeMemory.solverBytes(c.nx(), c.ny()))
                .plus("frame buffer", Math.min(frames, framesPerPart) * WakeTrajectoryWriter.frameBytes(c.nx(), c.ny()))
                .plus("vorticity image", c.imageEvery() > 0 ? cells * IMAGE_SCALE * IMAGE_SCALE * 4 : 0)
                .plus("diagnostics", 400L * steps)
                .requireFits("lower [grid] nx, ny in " + c.file());
        MemoryEstimate.requireDisk(outDir, frames * WakeTrajectoryWriter.diskBytesPerFrame(c.nx(), c.ny()),
                "store fewer of the " + frames + " frames with --stride N (or fewer --steps)");
        WakeFlow flow = new WakeFlow(c.coarseSpec(re));
        FlowState s = flow.initialState();
        List<Path> images = new ArrayList<>();
        DiagnosticsCsv csv = new DiagnosticsCsv();
        Path xdmf = outDir.resolve(c.name() + "-" + WakeFlowCase.reynolds(re).tag() + TrajectoryWriter.EXTENSION);
        TrajectoryMeta meta = new TrajectoryMeta(c.nx(), c.ny(), c.mesh().width(), c.mesh().height(),
                c.inflowSpeed(), re, c.dt(), 1, 0, stride, SolverVersion.fingerprint(), c.hash());
        WakeTrajectoryWriter trajectory = null;
        int k = 0;
        try {
            Files.createDirectories(outDir);
            trajectory = WakeTrajectoryWriter.open(xdmf, meta, flow.solidCells(), true, framesPerPart);
            Map<String, Double> d = flow.diagnostics(s);
            csv.add(d);
            trajectory.add(s, flow.vorticity(s));
            for (k = 1; k <= steps; k++) {
                s = flow.step(s);
                d = flow.diagnostics(s);
                csv.add(d);
                double[] w = null;
                if (k % stride == 0) {
                    w = flow.vorticity(s);
                    trajectory.add(s, w);
                }
                if (c.imageEvery() > 0 && (k % c.imageEvery() == 0 || k == steps)) {
                    Path png = outDir.resolve(String.format(Locale.ROOT, "vorticity-%06d.png", k));
                    FieldImage.write(png, c.nx(), c.ny(), w != null ? w : flow.vorticity(s), flow.solidCells(), 0,
                            IMAGE_SCALE);
                    images.add(png);
                }
                listener.progress("simulate", k, steps, d);
            }
            trajectory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + outDir + ": " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            // the estimate was short after all: keep what was made and say so in one line
            String kept = keep(trajectory);
            throw new OutOfMemoryError(String.format(Locale.ROOT, "the Java heap (%s) ran out at step %d of %d; %s",
                    MemoryEstimate.size(Runtime.getRuntime().maxMemory()), k, steps, kept));
        } finally {
            if (trajectory != null) {
                keep(trajectory);
            }
            csv.write(outDir.resolve("diagnostics.csv"));
        }
        return new Result(xdmf, trajectory.framesWritten(), images, outDir.resolve("diagnostics.csv"), s);
    }

    /** Closes a trajectory after a failure, keeping the frames it has; says what was kept. */
    private static String keep(WakeTrajectoryWriter trajectory) {
        if (trajectory == null) {
            return "nothing was written";
        }
        try {
            trajectory.close();
        } catch (RuntimeException | OutOfMemoryError e) {
            // the parts written before remain a valid trajectory
        }
        return trajectory.framesWritten() == 0 ? "no frames were written"
                : "the " + trajectory.framesWritten() + " frames written are kept in " + trajectory.file();
    }
}
