package org.deepzero.solver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deepzero.common.ProgressListener;
import org.deepzero.common.AtomicFiles;
import org.deepzero.solver.flow.FlowState;
import org.deepzero.solver.flow.WakeFlow;
import org.deepzero.solver.io.FieldImage;
import org.deepzero.solver.io.FlowCase;
import org.deepzero.solver.io.TrajectoryMeta;
import org.deepzero.solver.io.TrajectoryWriter;

/** Runs the coarse wake flow of a case and writes its outputs: the entry point of {@code deepzero simulate}. */
public final class Simulation {
    /** Pixels per cell of the vorticity images. */
    private static final int IMAGE_SCALE = 8;

    private Simulation() {
    }

    /**
     * What a run wrote.
     *
     * @param trajectory the XDMF file of the stored frames (layout in {@link TrajectoryWriter})
     * @param frames     frames stored
     * @param images     vorticity PNGs
     * @param diagnostics CSV of the diagnostics per step
     * @param last       the final state
     */
    public record Result(Path trajectory, int frames, List<Path> images, Path diagnostics, FlowState last) {
    }

    /**
     * Simulates the case's coarse grid at its first Reynolds number from the initial state.
     * Writes the trajectory {@code <outDir>/<case>-re<Re>.xdmf} with its HDF5 parts (every
     * {@code stride}-th step from step 0, streamed to disk as the run goes), {@code diagnostics.csv}
     * and {@code vorticity-<step>.png} every {@code imageEvery} steps. Before anything is written,
     * the heap and disk the run needs are estimated, and a run that cannot fit is refused. When the
     * run fails (the flow blows up, the heap runs out after all), the frames up to the last good
     * step are kept as a valid, shorter trajectory, and so are the diagnostics. Validate the case
     * (FlowCaseReader) before calling: bad input then fails before anything is written.
     *
     * @param c        the case
     * @param steps    coarse steps, positive
     * @param stride   steps between stored frames, positive
     * @param outDir   output folder (created)
     * @param listener progress, once per step
     * @return the written files
     * @throws SimulationDivergedException when the flow blows up
     * @throws ResourceLimitException      when the run cannot fit in the heap or on the disk
     */
    public static Result run(FlowCase c, int steps, int stride, Path outDir, ProgressListener listener) {
        if (steps <= 0 || stride <= 0) {
            throw new IllegalArgumentException("steps and stride must be positive, got " + steps + ", " + stride);
        }
        int framesPerPart = TrajectoryWriter.framesPerPart(c.nx(), c.ny());
        int frames = steps / stride + 1;
        long cells = (long) c.nx() * c.ny();
        MemoryEstimate.none()
                .plus("solver", MemoryEstimate.solverBytes(cells))
                .plus("frame buffer", Math.min(frames, framesPerPart) * TrajectoryWriter.frameBytes(c.nx(), c.ny()))
                .plus("vorticity image", c.imageEvery() > 0 ? cells * IMAGE_SCALE * IMAGE_SCALE * 4 : 0)
                .plus("diagnostics", 400L * steps)
                .requireFits("lower [grid] nx, ny in " + c.file());
        MemoryEstimate.requireDisk(outDir, frames * TrajectoryWriter.diskBytesPerFrame(c.nx(), c.ny()),
                "store fewer of the " + frames + " frames with --stride N (or fewer --steps)");
        double re = c.defaultReynolds();
        WakeFlow flow = new WakeFlow(c.coarseSpec(re));
        FlowState s = flow.initialState();
        List<Path> images = new ArrayList<>();
        StringBuilder csv = new StringBuilder();
        Path xdmf = outDir.resolve(String.format(Locale.ROOT, "%s-re%s%s", c.name(), fmt(re), TrajectoryWriter.EXTENSION));
        TrajectoryMeta meta = new TrajectoryMeta(c.nx(), c.ny(), c.mesh().width(), c.mesh().height(),
                c.inflowSpeed(), re, c.dt(), 1, 0, stride, SolverVersion.fingerprint(), c.hash());
        TrajectoryWriter trajectory = null;
        int k = 0;
        try {
            Files.createDirectories(outDir);
            trajectory = TrajectoryWriter.open(xdmf, meta, flow.solidCells(), true, framesPerPart);
            Map<String, Double> d = flow.diagnostics(s);
            csv.append(String.join(",", d.keySet())).append('\n');
            appendRow(csv, d);
            trajectory.add(s, flow.vorticity(s));
            for (k = 1; k <= steps; k++) {
                s = flow.step(s);
                d = flow.diagnostics(s);
                appendRow(csv, d);
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
            writeCsv(outDir.resolve("diagnostics.csv"), csv);
        }
        return new Result(xdmf, trajectory.framesWritten(), images, outDir.resolve("diagnostics.csv"), s);
    }

    /** Closes a trajectory after a failure, keeping the frames it has; says what was kept. */
    private static String keep(TrajectoryWriter trajectory) {
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

    /** One CSV row of diagnostics values (shared with {@link PdeSimulation}). */
    static void appendRow(StringBuilder csv, Map<String, Double> d) {
        StringBuilder row = new StringBuilder();
        for (double v : d.values()) {
            row.append(row.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.9g", v));
        }
        csv.append(row).append('\n');
    }

    /** Writes the diagnostics CSV atomically, if it has a header (shared with {@link PdeSimulation}). */
    static void writeCsv(Path file, StringBuilder csv) {
        if (csv.length() == 0) {
            return;
        }
        try {
            AtomicFiles.writeString(file, csv.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reynolds number for file names: 150 rather than 150.0. */
    static String fmt(double re) {
        return re == Math.rint(re) ? Long.toString((long) re) : Double.toString(re);
    }
}
