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
     * @param trajectory HDF5 file with every step (layout in {@link TrajectoryWriter})
     * @param images     vorticity PNGs
     * @param diagnostics CSV of the diagnostics per step
     * @param last       the final state
     */
    public record Result(Path trajectory, List<Path> images, Path diagnostics, FlowState last) {
    }

    /**
     * Simulates the case's coarse grid at its first Reynolds number from the initial state.
     * Writes {@code <outDir>/<case>-re<Re>.h5}, {@code diagnostics.csv} and
     * {@code vorticity-<step>.png} every {@code imageEvery} steps. When the flow blows up, the
     * diagnostics up to the failing step are kept and no HDF5 file is written. Validate the case
     * (FlowCaseReader) before calling: bad input then fails before anything is written.
     *
     * @param c        the case
     * @param steps    coarse steps, positive
     * @param outDir   output folder (created)
     * @param listener progress, once per step
     * @return the written files
     * @throws SimulationDivergedException when the flow blows up
     */
    public static Result run(FlowCase c, int steps, Path outDir, ProgressListener listener) {
        if (steps <= 0) {
            throw new IllegalArgumentException("steps must be positive, got " + steps);
        }
        double re = c.defaultReynolds();
        WakeFlow flow = new WakeFlow(c.coarseSpec(re));
        FlowState s = flow.initialState();
        List<FlowState> frames = new ArrayList<>(steps + 1);
        List<double[]> vort = new ArrayList<>(steps + 1);
        List<Path> images = new ArrayList<>();
        StringBuilder csv = new StringBuilder();
        frames.add(s);
        vort.add(flow.vorticity(s));
        try {
            Files.createDirectories(outDir);
            Map<String, Double> d = flow.diagnostics(s);
            csv.append(String.join(",", d.keySet())).append('\n');
            appendRow(csv, d);
            for (int k = 1; k <= steps; k++) {
                s = flow.step(s);
                d = flow.diagnostics(s);
                appendRow(csv, d);
                frames.add(s);
                double[] w = flow.vorticity(s);
                vort.add(w);
                if (c.imageEvery() > 0 && (k % c.imageEvery() == 0 || k == steps)) {
                    Path png = outDir.resolve(String.format(Locale.ROOT, "vorticity-%06d.png", k));
                    FieldImage.write(png, c.nx(), c.ny(), w, flow.solidCells(), 0, IMAGE_SCALE);
                    images.add(png);
                }
                listener.progress("simulate", k, steps, d);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + outDir + ": " + e.getMessage(), e);
        } finally {
            writeCsv(outDir.resolve("diagnostics.csv"), csv);
        }
        Path h5 = outDir.resolve(String.format(Locale.ROOT, "%s-re%s.h5", c.name(), fmt(re)));
        TrajectoryMeta meta = new TrajectoryMeta(c.nx(), c.ny(), c.mesh().width(), c.mesh().height(),
                c.inflowSpeed(), re, c.dt(), 1, 0, 1, SolverVersion.VERSION, c.hash());
        TrajectoryWriter.write(h5, meta, frames, vort, flow.solidCells());
        return new Result(h5, images, outDir.resolve("diagnostics.csv"), s);
    }

    private static void appendRow(StringBuilder csv, Map<String, Double> d) {
        StringBuilder row = new StringBuilder();
        for (double v : d.values()) {
            row.append(row.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.9g", v));
        }
        csv.append(row).append('\n');
    }

    private static void writeCsv(Path file, StringBuilder csv) {
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
