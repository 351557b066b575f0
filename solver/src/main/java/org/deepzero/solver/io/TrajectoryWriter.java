package org.deepzero.solver.io;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deepzero.common.AtomicFiles;
import org.deepzero.solver.flow.FlowState;
import org.deepzero.solver.grid.StaggeredGrid;

/**
 * Streams a trajectory to disk as it is made: frames are buffered up to {@link #framesPerPart} and
 * then written as one HDF5 part file, and the XDMF file ({@link XdmfSidecar}) that ties the parts
 * together is rewritten as parts are added (when: below). jhdf can neither append nor write before
 * close, so this is how memory stays bounded however long a run is. The trajectory is named by its XDMF file
 * {@code <stem>.xdmf}; its parts are {@code <stem>-part00000.h5}, {@code <stem>-part00001.h5}, ...
 *
 * <p>Each part is in the single-file layout, all at the root group:
 * <ul>
 *   <li>{@code u} float32 {@code [frame][ny][nx+1]}, {@code v} float32 {@code [frame][ny+1][nx]},
 *       {@code p} float32 {@code [frame][ny][nx]}, {@code vorticity} float32 {@code [frame][ny][nx]}
 *       when given;</li>
 *   <li>{@code time} float64 {@code [frame]}, {@code step} int64 {@code [frame]} (coarse step indices);</li>
 *   <li>{@code solid} int32 {@code [ny][nx]}: 1 in obstacle cells;</li>
 *   <li>root attributes: the fields of {@link TrajectoryMeta} ({@code nx, ny, width, height,
 *       inflow_speed, reynolds, dt, factor, first_step, stride, solver_version, case_hash}), with
 *       {@code first_step} the step of the part's own first frame, {@code part} (its index),
 *       {@code first_frame} (the index of its first frame in the trajectory) and {@code layout}.</li>
 * </ul>
 * Every part and every version of the XDMF file is written through {@link AtomicFiles} (a unique
 * temporary sibling, fsynced, moved into place), and a part is in place before the XDMF file names it: a reader never sees a half-written
 * file, and a run that dies leaves a valid, shorter trajectory. The XDMF file is rewritten after
 * the first part, on {@link #close()} (also after a failure elsewhere), and in between whenever
 * the parts it does not list yet hold more bytes than it does, so rewriting it costs at most as
 * much as writing the data; a process killed outright loses at most those unlisted parts.
 */
public final class TrajectoryWriter implements AutoCloseable {
    /** The extension of the file that names a trajectory. */
    public static final String EXTENSION = ".xdmf";
    /** Bytes of frame data a part buffers at most: a sixteenth of the heap, within these bounds. */
    static final long MIN_PART_BYTES = 1L << 20, MAX_PART_BYTES = 64L << 20;

    private final Path file;
    private final Path dir;
    private final String stem;
    private final TrajectoryMeta meta;
    private final StaggeredGrid grid;
    private final int[][] solid;
    private final boolean vorticity;
    private final int framesPerPart;
    private final List<XdmfSidecar.Part> parts = new ArrayList<>();
    private final List<float[][]> u = new ArrayList<>(), v = new ArrayList<>(), p = new ArrayList<>(),
            w = new ArrayList<>();
    private final List<Double> time = new ArrayList<>();
    private final List<Long> step = new ArrayList<>();
    private int framesWritten;
    private int framesIndexed;
    private boolean closed;

    private TrajectoryWriter(Path file, TrajectoryMeta meta, boolean[] solid, boolean vorticity, int framesPerPart) {
        String name = file.getFileName().toString();
        if (!name.endsWith(EXTENSION) || name.length() == EXTENSION.length()) {
            throw new IllegalArgumentException("a trajectory is named by its " + EXTENSION + " file, got " + file);
        }
        if (framesPerPart < 1) {
            throw new IllegalArgumentException("frames per part must be positive, got " + framesPerPart);
        }
        this.file = file.toAbsolutePath();
        this.dir = this.file.getParent();
        this.stem = name.substring(0, name.length() - EXTENSION.length());
        this.meta = meta;
        this.grid = new StaggeredGrid(meta.nx(), meta.ny(), meta.width(), meta.height());
        if (solid.length != grid.cellCount()) {
            throw new IllegalArgumentException("solid flags for " + solid.length + " cells, grid has " + grid.cellCount());
        }
        this.solid = new int[meta.ny()][meta.nx()];
        for (int j = 0; j < meta.ny(); j++) {
            for (int i = 0; i < meta.nx(); i++) {
                this.solid[j][i] = solid[j * meta.nx() + i] ? 1 : 0;
            }
        }
        this.vorticity = vorticity;
        this.framesPerPart = framesPerPart;
    }

    /**
     * Starts a trajectory, replacing any earlier one of the same name (its XDMF file first, so no
     * reader sees old and new parts mixed; then its parts, and a single-file {@code <stem>.h5}).
     *
     * @param file          the XDMF file that will name it, {@code <stem>.xdmf}
     * @param meta          attributes; {@code firstStep} is the step of frame 0
     * @param solid         solid-cell flags {@code [ny*nx]}
     * @param vorticity     whether frames come with a vorticity field
     * @param framesPerPart frames buffered before a part is written ({@link #framesPerPart(int, int)})
     * @return the writer; close it to write the last part
     */
    public static TrajectoryWriter open(Path file, TrajectoryMeta meta, boolean[] solid, boolean vorticity,
                                        int framesPerPart) {
        TrajectoryWriter t = new TrajectoryWriter(file, meta, solid, vorticity, framesPerPart);
        try {
            Files.createDirectories(t.dir);
            Files.deleteIfExists(t.file);
            Files.deleteIfExists(t.dir.resolve(t.stem + ".h5"));
            try (DirectoryStream<Path> old = Files.newDirectoryStream(t.dir, t.stem + "-part*.h5")) {
                for (Path f : old) {
                    if (f.getFileName().toString().matches(java.util.regex.Pattern.quote(t.stem) + "-part\\d{5,}\\.h5")) {
                        Files.delete(f);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write trajectory " + file + ": " + e.getMessage(), e);
        }
        return t;
    }

    /**
     * Writes a whole trajectory at once.
     *
     * @param file      the XDMF file that names it ({@code <stem>.xdmf})
     * @param meta      attributes
     * @param frames    states on the grid of {@code meta}, at least one
     * @param vorticity per-frame cell vorticity {@code [ny*nx]}, or null
     * @param solid     solid-cell flags {@code [ny*nx]}
     */
    public static void write(Path file, TrajectoryMeta meta, List<FlowState> frames, List<double[]> vorticity,
                             boolean[] solid) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a trajectory needs at least one frame");
        }
        try (TrajectoryWriter t = open(file, meta, solid, vorticity != null, framesPerPart(meta.nx(), meta.ny()))) {
            for (int f = 0; f < frames.size(); f++) {
                t.add(frames.get(f), vorticity == null ? null : vorticity.get(f));
            }
        }
    }

    /**
     * Writes the XDMF file of a trajectory kept in one HDF5 file (the layout before streaming), so
     * that it opens in ParaView and reads like any other; the HDF5 file is not touched.
     *
     * @param singleFile the HDF5 file, in the part layout
     * @param xdmf       the XDMF file to write, in the same folder
     * @throws InputException when {@code singleFile} is not a readable trajectory
     */
    public static void index(Path singleFile, Path xdmf) {
        if (!singleFile.toAbsolutePath().getParent().equals(xdmf.toAbsolutePath().getParent())) {
            throw new IllegalArgumentException(xdmf + " and " + singleFile + " must share a folder");
        }
        TrajectoryMeta meta = TrajectoryReader.info(singleFile).meta();
        double[] times;
        boolean vorticity;
        try (HdfFile h = new HdfFile(singleFile)) {
            times = (double[]) h.getDatasetByPath("/time").getData();
            vorticity = h.getChildren().containsKey("vorticity");
        } catch (RuntimeException e) {
            throw new InputException(singleFile + ": not a readable trajectory file (" + e.getMessage() + ")");
        }
        StaggeredGrid g = new StaggeredGrid(meta.nx(), meta.ny(), meta.width(), meta.height());
        List<XdmfSidecar.Part> one = List.of(new XdmfSidecar.Part(singleFile.getFileName().toString(), times));
        writeXdmf(xdmf.toAbsolutePath(), g, vorticity, one);
    }

    /**
     * Frames per part on an {@code nx x ny} grid: as many as fit in a sixteenth of the heap, between
     * 1 MiB and 64 MiB of float32 data, and at least one.
     *
     * @param nx cells along x
     * @param ny cells along y
     * @return frames per part
     */
    public static int framesPerPart(int nx, int ny) {
        long budget = Math.max(MIN_PART_BYTES, Math.min(MAX_PART_BYTES, Runtime.getRuntime().maxMemory() / 16));
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, budget / frameBytes(nx, ny)));
    }

    /**
     * Bytes of one stored frame (float32 u, v, p and vorticity), on disk and in a part's buffer.
     *
     * @param nx cells along x
     * @param ny cells along y
     * @return bytes
     */
    public static long frameBytes(int nx, int ny) {
        return 4L * ((nx + 1L) * ny + (ny + 1L) * nx + 2L * nx * ny);
    }

    /**
     * Disk one frame takes: its data and its entry in the XDMF file (about 2 KiB, counted as 4).
     *
     * @param nx cells along x
     * @param ny cells along y
     * @return bytes
     */
    public static long diskBytesPerFrame(int nx, int ny) {
        return frameBytes(nx, ny) + 4096;
    }

    /** Bytes of XDMF per frame (3.0 KB measured, with vorticity). */
    static final long INDEX_BYTES_PER_FRAME = 3000;

    /**
     * Adds a frame; writes a part when the buffer is full.
     *
     * @param s         a state on the trajectory's grid
     * @param vorticity its cell vorticity {@code [ny*nx]}, when the trajectory stores vorticity
     */
    public void add(FlowState s, double[] vorticity) {
        if (closed) {
            throw new IllegalStateException("trajectory " + file + " is closed");
        }
        if (!s.grid().equals(grid)) {
            throw new IllegalArgumentException("frame on " + s.grid().nx() + "x" + s.grid().ny() + " but trajectory "
                    + file.getFileName() + " is on " + grid.nx() + "x" + grid.ny());
        }
        if (this.vorticity != (vorticity != null)) {
            throw new IllegalArgumentException("trajectory " + file.getFileName() + (this.vorticity
                    ? " stores vorticity, none given" : " stores no vorticity"));
        }
        int nx = grid.nx(), ny = grid.ny();
        float[][] uf = new float[ny][nx + 1], vf = new float[ny + 1][nx], pf = new float[ny][nx];
        float[][] wf = vorticity == null ? null : new float[ny][nx];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i <= nx; i++) {
                uf[j][i] = (float) s.u(i, j);
            }
            for (int i = 0; i < nx; i++) {
                pf[j][i] = (float) s.pressure(i, j);
                if (wf != null) {
                    wf[j][i] = (float) vorticity[j * nx + i];
                }
            }
        }
        for (int j = 0; j <= ny; j++) {
            for (int i = 0; i < nx; i++) {
                vf[j][i] = (float) s.v(i, j);
            }
        }
        u.add(uf);
        v.add(vf);
        p.add(pf);
        if (wf != null) {
            w.add(wf);
        }
        time.add(s.time());
        step.add(s.step());
        if (time.size() == framesPerPart) {
            writePart();
        }
    }

    /** @return frames in the parts written so far (buffered frames not counted) */
    public int framesWritten() {
        return framesWritten;
    }

    /** @return the XDMF file that names the trajectory */
    public Path file() {
        return file;
    }

    /**
     * Writes the buffered frames as the last part. After a failure elsewhere, calling this keeps
     * every frame added so far; if writing fails, the parts written before remain a valid trajectory.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!time.isEmpty()) {
                writePart();
            }
        } finally {
            if (framesIndexed < framesWritten) {
                writeIndex();
            }
        }
    }

    private void writePart() {
        int n = time.size();
        String name = String.format(Locale.ROOT, "%s-part%05d.h5", stem, parts.size());
        double[] times = time.stream().mapToDouble(Double::doubleValue).toArray();
        long[] steps = step.stream().mapToLong(Long::longValue).toArray();
        float[][][] uu = u.toArray(new float[n][][]), vv = v.toArray(new float[n][][]), pp = p.toArray(new float[n][][]);
        float[][][] ww = vorticity ? w.toArray(new float[n][][]) : null;
        // the buffer is dropped first: after an OutOfMemoryError the part is still written if it can be
        u.clear();
        v.clear();
        p.clear();
        w.clear();
        time.clear();
        step.clear();
        int partIndex = parts.size();
        Path part = dir.resolve(name);
        try {
            AtomicFiles.writeViaPath(part, tmp -> {
                try (WritableHdfFile h = HdfFile.write(tmp)) {
                    dataset(h, "u", uu, "m/s", "x-velocity on x-faces [frame][ny][nx+1]");
                    dataset(h, "v", vv, "m/s", "y-velocity on y-faces [frame][ny+1][nx]");
                    dataset(h, "p", pp, "Pa/(kg/m^3)", "kinematic pressure at cell centres [frame][ny][nx]");
                    if (ww != null) {
                        dataset(h, "vorticity", ww, "1/s", "dv/dx - du/dy at cell centres [frame][ny][nx]");
                    }
                    h.putDataset("time", times);
                    h.putDataset("step", steps);
                    h.putDataset("solid", solid);
                    h.putAttribute("nx", meta.nx());
                    h.putAttribute("ny", meta.ny());
                    h.putAttribute("width", meta.width());
                    h.putAttribute("height", meta.height());
                    h.putAttribute("inflow_speed", meta.inflowSpeed());
                    h.putAttribute("reynolds", meta.reynolds());
                    h.putAttribute("dt", meta.dt());
                    h.putAttribute("factor", meta.factor());
                    h.putAttribute("first_step", meta.firstStep() + (long) framesWritten * meta.stride());
                    h.putAttribute("stride", meta.stride());
                    h.putAttribute("solver_version", meta.solverVersion());
                    h.putAttribute("case_hash", meta.caseHash());
                    h.putAttribute("part", partIndex);
                    h.putAttribute("first_frame", framesWritten);
                    h.putAttribute("layout", "MAC grid on [0,width]x[0,height]; u[f][j][i] at x=i*dx,y=(j+.5)*dy; "
                            + "v[f][j][i] at x=(i+.5)*dx,y=j*dy; p at cell centres; frames every stride coarse steps; "
                            + "part " + partIndex + " of the trajectory " + stem + EXTENSION);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write trajectory part " + part + ": " + e.getMessage(), e);
        }
        parts.add(new XdmfSidecar.Part(name, times));
        framesWritten += n;
        // the index grows with every frame: rewriting it after every part would cost time quadratic
        // in the parts when they are small, so it waits until the unindexed frames outweigh it
        long unindexed = (framesWritten - framesIndexed) * frameBytes(grid.nx(), grid.ny());
        if (framesIndexed == 0 || unindexed >= (long) framesWritten * INDEX_BYTES_PER_FRAME) {
            writeIndex();
        }
    }

    private void writeIndex() {
        writeXdmf(file, grid, vorticity, parts);
        framesIndexed = framesWritten;
    }

    /** Writes the XDMF file of {@code parts} atomically. */
    private static void writeXdmf(Path xdmf, StaggeredGrid grid, boolean vorticity, List<XdmfSidecar.Part> parts) {
        try {
            AtomicFiles.write(xdmf, out -> {
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                XdmfSidecar.write(w, grid, vorticity, parts);
                w.flush();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write trajectory " + xdmf + ": " + e.getMessage(), e);
        }
    }

    private static void dataset(WritableHdfFile h, String name, float[][][] data, String units, String what) {
        WritableDataset d = h.putDataset(name, data);
        d.putAttribute("units", units);
        d.putAttribute("description", what);
    }
}
