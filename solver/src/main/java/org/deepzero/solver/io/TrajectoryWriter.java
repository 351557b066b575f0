package org.deepzero.solver.io;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deepzero.common.AtomicFiles;

/**
 * Streams a trajectory to disk as it is made, for any PDE (what a part holds is its
 * {@link PartLayout}): frames are buffered up to a number of frames per part and then written as
 * one HDF5 part file, and the XDMF file ({@link PartLayout#writeIndex}) that ties the parts together
 * is rewritten as parts are added (when: below). jhdf can neither append nor write before close, so
 * this is how memory stays bounded however long a run is. The trajectory is named by its XDMF file
 * {@code <stem>.xdmf}; its parts are {@code <stem>-part00000.h5}, {@code <stem>-part00001.h5}, ...
 *
 * <p>Each part holds, at the root group and in this order: the layout's fields, float32
 * {@code [frame][rows][cols]} with {@code units} and {@code description} attributes; {@code time}
 * float64 {@code [frame]}; {@code step} int64 {@code [frame]} (coarse step indices); the layout's
 * constant int32 datasets; and the root attributes the layout gives for that part.
 *
 * <p>Every part and every version of the XDMF file is written through {@link AtomicFiles} (a unique
 * temporary sibling, fsynced, moved into place), and a part is in place before the XDMF file names
 * it: a reader never sees a half-written file, and a run that dies leaves a valid, shorter
 * trajectory. The XDMF file is rewritten after the first part, on {@link #close()} (also after a
 * failure elsewhere), and in between whenever the parts it does not list yet hold more bytes than it
 * does, so rewriting it costs at most as much as writing the data; a process killed outright loses at
 * most those unlisted parts.
 */
public final class TrajectoryWriter implements AutoCloseable {
    /** The extension of the file that names a trajectory. */
    public static final String EXTENSION = ".xdmf";
    /** Bytes of frame data a part buffers at most: a sixteenth of the heap, within these bounds. */
    static final long MIN_PART_BYTES = 1L << 20, MAX_PART_BYTES = 64L << 20;
    /** Bytes of XDMF per frame (3.0 KB measured for the wake flow, with vorticity). */
    public static final long INDEX_BYTES_PER_FRAME = 3000;

    private final Path file;
    private final Path dir;
    private final String stem;
    private final PartLayout layout;
    private final List<PartLayout.Field> fields;
    private final int framesPerPart;
    private final List<XdmfSidecar.Part> parts = new ArrayList<>();
    private final List<List<float[][]>> buffer = new ArrayList<>();
    private final List<Double> time = new ArrayList<>();
    private final List<Long> step = new ArrayList<>();
    private int framesWritten;
    private int framesIndexed;
    private boolean closed;

    private TrajectoryWriter(Path file, PartLayout layout, int framesPerPart) {
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
        this.layout = layout;
        this.fields = List.copyOf(layout.fields());
        for (int f = 0; f < fields.size(); f++) {
            buffer.add(new ArrayList<>());
        }
        this.framesPerPart = framesPerPart;
    }

    /**
     * Starts a trajectory, replacing any earlier one of the same name (its XDMF file first, so no
     * reader sees old and new parts mixed; then its parts, and a single-file {@code <stem>.h5}).
     *
     * @param file          the XDMF file that will name it, {@code <stem>.xdmf}
     * @param layout        what every part holds
     * @param framesPerPart frames buffered before a part is written ({@link #framesPerPart(long)})
     * @return the writer; close it to write the last part
     */
    public static TrajectoryWriter open(Path file, PartLayout layout, int framesPerPart) {
        TrajectoryWriter t = new TrajectoryWriter(file, layout, framesPerPart);
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
     * Frames per part of frames of {@code frameBytes} each: as many as fit in a sixteenth of the
     * heap, between 1 MiB and 64 MiB of float32 data, and at least one.
     *
     * @param frameBytes bytes of one frame
     * @return frames per part
     */
    public static int framesPerPart(long frameBytes) {
        long budget = Math.max(MIN_PART_BYTES, Math.min(MAX_PART_BYTES, Runtime.getRuntime().maxMemory() / 16));
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, budget / frameBytes));
    }

    /**
     * Writes the XDMF file of {@code parts} atomically (also to index HDF5 files written otherwise,
     * such as a trajectory kept in one file).
     *
     * @param xdmf   the XDMF file
     * @param layout what the parts hold
     * @param parts  the part files, beside {@code xdmf}
     */
    public static void writeIndex(Path xdmf, PartLayout layout, List<XdmfSidecar.Part> parts) {
        try {
            AtomicFiles.write(xdmf, out -> {
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                layout.writeIndex(w, parts);
                w.flush();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write trajectory " + xdmf + ": " + e.getMessage(), e);
        }
    }

    /**
     * Adds a frame; writes a part when the buffer is full.
     *
     * @param t      the frame's time
     * @param s      its coarse step index
     * @param values its fields, in the order of {@link PartLayout#fields()}, each {@code [rows][cols]}
     */
    public void add(double t, long s, List<float[][]> values) {
        if (closed) {
            throw new IllegalStateException("trajectory " + file + " is closed");
        }
        if (values.size() != fields.size()) {
            throw new IllegalArgumentException(values.size() + " fields for the " + fields.size() + " of "
                    + file.getFileName());
        }
        for (int f = 0; f < fields.size(); f++) {
            PartLayout.Field spec = fields.get(f);
            float[][] v = values.get(f);
            if (v.length != spec.rows() || v[0].length != spec.cols()) {
                throw new IllegalArgumentException("field '" + spec.name() + "' of " + v.length + " x " + v[0].length
                        + ", " + file.getFileName() + " stores " + spec.rows() + " x " + spec.cols());
            }
            buffer.get(f).add(v);
        }
        time.add(t);
        step.add(s);
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
        List<float[][][]> data = new ArrayList<>();
        for (List<float[][]> b : buffer) {
            data.add(b.toArray(new float[n][][]));
        }
        // the buffer is dropped first: after an OutOfMemoryError the part is still written if it can be
        buffer.forEach(List::clear);
        time.clear();
        step.clear();
        int partIndex = parts.size();
        Map<String, Object> attributes = layout.attributes(partIndex, framesWritten);
        Path part = dir.resolve(name);
        try {
            AtomicFiles.writeViaPath(part, tmp -> {
                try (WritableHdfFile h = HdfFile.write(tmp)) {
                    for (int f = 0; f < fields.size(); f++) {
                        PartLayout.Field spec = fields.get(f);
                        WritableDataset d = h.putDataset(spec.name(), data.get(f));
                        d.putAttribute("units", spec.units());
                        d.putAttribute("description", spec.description());
                    }
                    h.putDataset("time", times);
                    h.putDataset("step", steps);
                    layout.constants().forEach(h::putDataset);
                    attributes.forEach(h::putAttribute);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write trajectory part " + part + ": " + e.getMessage(), e);
        }
        parts.add(new XdmfSidecar.Part(name, times));
        framesWritten += n;
        // the index grows with every frame: rewriting it after every part would cost time quadratic
        // in the parts when they are small, so it waits until the unindexed frames outweigh it
        long unindexed = (framesWritten - framesIndexed) * layout.frameBytes();
        if (framesIndexed == 0 || unindexed >= (long) framesWritten * INDEX_BYTES_PER_FRAME) {
            writeIndex();
        }
    }

    private void writeIndex() {
        writeIndex(file, layout, parts);
        framesIndexed = framesWritten;
    }
}
