package org.deepzero.solver.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deepzero.solver.flow.FlowState;
import org.deepzero.solver.grid.StaggeredGrid;

/**
 * Reads trajectories written by {@link TrajectoryWriter} back into coarse states: an XDMF file and
 * the HDF5 parts it lists, or a single HDF5 file in the part layout (the layout of one-file
 * trajectories written before streaming, still read as they are). Everything is read eagerly,
 * because jhdf reads lazily and a truncated file would otherwise fail later, far from here; any
 * failure becomes an {@link InputException} whose message names the file.
 */
public final class TrajectoryReader {
    private TrajectoryReader() {
    }

    /**
     * What a trajectory holds, without its frames.
     *
     * @param meta   attributes (of the first part: {@code firstStep} is the step of frame 0)
     * @param frames frames in all parts
     */
    public record Info(TrajectoryMeta meta, int frames) {
    }

    /**
     * @param file a trajectory: its {@code .xdmf} file, or a single {@code .h5} file
     * @return its metadata and frames (pressure included; vorticity is not read back)
     * @throws InputException when a file is missing, truncated, not HDF5/XDMF, lacks a field, or
     *                        the parts do not belong together
     */
    public static Trajectory read(Path file) {
        List<FlowState> frames = new ArrayList<>();
        TrajectoryMeta first = null;
        for (PartFile part : parts(file)) {
            try (HdfFile h = open(part.path())) {
                TrajectoryMeta meta = meta(h);
                first = checkBelongs(file, part, first, meta, frames.size());
                frames.addAll(frames(h, part, meta));
            } catch (InputException e) {
                throw e;
            } catch (RuntimeException e) {
                throw unreadable(part.path(), e);
            }
        }
        return new Trajectory(first, frames);
    }

    /**
     * Reads the attributes and frame count of every part, not the frames: a cheap check of a
     * cached trajectory.
     *
     * @param file a trajectory: its {@code .xdmf} file, or a single {@code .h5} file
     * @return metadata and total frames
     * @throws InputException as {@link #read}
     */
    public static Info info(Path file) {
        TrajectoryMeta first = null;
        int frames = 0;
        for (PartFile part : parts(file)) {
            try (HdfFile h = open(part.path())) {
                TrajectoryMeta meta = meta(h);
                first = checkBelongs(file, part, first, meta, frames);
                int n = dataset(h, "u").getDimensions()[0];
                if (part.frames() >= 0 && part.frames() != n) {
                    throw new InputException(part.path() + ": holds " + n + " frames, " + file.getFileName()
                            + " lists " + part.frames());
                }
                frames += n;
            } catch (InputException e) {
                throw e;
            } catch (RuntimeException e) {
                throw unreadable(part.path(), e);
            }
        }
        return new Info(first, frames);
    }

    /**
     * Reads one float32 field as stored, all parts in order, for bit-exact comparisons.
     *
     * @param file  a trajectory: its {@code .xdmf} file, or a single {@code .h5} file
     * @param field "u", "v", "p" or "vorticity"
     * @return {@code [frame][y][x]}
     */
    public static float[][][] readField(Path file, String field) {
        List<float[][]> out = new ArrayList<>();
        for (PartFile part : parts(file)) {
            try (HdfFile h = open(part.path())) {
                float[][][] f = (float[][][]) dataset(h, field).getData();
                out.addAll(List.of(f));
            } catch (InputException e) {
                throw e;
            } catch (RuntimeException e) {
                throw unreadable(part.path(), e);
            }
        }
        return out.toArray(new float[0][][]);
    }

    /**
     * The HDF5 files of a trajectory, in order.
     *
     * @param file a trajectory: its {@code .xdmf} file, or a single {@code .h5} file
     * @return the part files
     */
    public static List<Path> partFiles(Path file) {
        return parts(file).stream().map(PartFile::path).toList();
    }

    /** A part file, with the frame count its index lists (-1 for a single file). */
    private record PartFile(Path path, int frames) {
    }

    private static List<PartFile> parts(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": trajectory file not found");
        }
        if (!file.getFileName().toString().endsWith(TrajectoryWriter.EXTENSION)) {
            return List.of(new PartFile(file, -1));
        }
        Path dir = file.toAbsolutePath().getParent();
        List<PartFile> out = new ArrayList<>();
        for (XdmfSidecar.PartRef r : XdmfSidecar.parts(file)) {
            Path p = dir.resolve(r.file()).normalize();
            if (!p.getParent().equals(dir.normalize()) || !Files.isRegularFile(p)) {
                throw new InputException(file + ": lists part '" + r.file() + "', which is not a file beside it");
            }
            out.add(new PartFile(p, r.frames()));
        }
        return out;
    }

    private static HdfFile open(Path part) {
        HdfFile h;
        try {
            h = new HdfFile(part);
        } catch (RuntimeException e) {
            throw unreadable(part, e);
        }
        try {
            requireWhole(h, part);
        } catch (RuntimeException e) {
            h.close();
            throw e;
        }
        return h;
    }

    /**
     * The superblock records where the file ends; a file cut short can still parse when the lost bytes
     * belong to the last dataset (jhdf then reads past the end without complaint), so compare.
     */
    private static void requireWhole(HdfFile h, Path part) {
        long end = h.getHdfBackingStorage().getSuperblock().getEndOfFileAddress() + h.getUserBlockSize();
        long size = h.size();
        if (size < end) {
            throw new InputException(part + ": truncated trajectory file (" + size + " bytes, the HDF5 superblock says "
                    + end + ")");
        }
    }

    /** Checks that a part continues the trajectory begun by {@code first}; returns the trajectory's meta. */
    private static TrajectoryMeta checkBelongs(Path file, PartFile part, TrajectoryMeta first, TrajectoryMeta meta,
                                               int framesBefore) {
        if (first == null) {
            return meta;
        }
        long expectedStep = first.firstStep() + (long) framesBefore * first.stride();
        TrajectoryMeta shifted = new TrajectoryMeta(meta.nx(), meta.ny(), meta.width(), meta.height(),
                meta.inflowSpeed(), meta.reynolds(), meta.dt(), meta.factor(), first.firstStep(), meta.stride(),
                meta.solverVersion(), meta.caseHash());
        if (!shifted.equals(first) || meta.firstStep() != expectedStep) {
            throw new InputException(part.path() + ": attributes do not continue the trajectory " + file.getFileName()
                    + " (first_step " + meta.firstStep() + ", expected " + expectedStep + "; or another case or grid)");
        }
        return first;
    }

    private static List<FlowState> frames(HdfFile h, PartFile part, TrajectoryMeta meta) {
        Path file = part.path();
        float[][][] u = data(h, "u", float[][][].class);
        float[][][] v = data(h, "v", float[][][].class);
        float[][][] p = data(h, "p", float[][][].class);
        double[] time = data(h, "time", double[].class);
        long[] step = data(h, "step", long[].class);
        int n = u.length, nx = meta.nx(), ny = meta.ny();
        if (n == 0) {
            throw new InputException(file + ": dataset 'u' holds no frame");
        }
        shape(file, "u", u, n, ny, nx + 1);
        shape(file, "v", v, n, ny + 1, nx);
        shape(file, "p", p, n, ny, nx);
        if (time.length != n || step.length != n) {
            throw new InputException(file + ": datasets 'time' and 'step' have " + time.length + " and "
                    + step.length + " entries for " + n + " frames");
        }
        if (part.frames() >= 0 && part.frames() != n) {
            throw new InputException(file + ": holds " + n + " frames, its XDMF file lists " + part.frames());
        }
        StaggeredGrid g = new StaggeredGrid(nx, ny, meta.width(), meta.height());
        List<FlowState> frames = new ArrayList<>(n);
        for (int f = 0; f < n; f++) {
            double[] uu = new double[g.uCount()], vv = new double[g.vCount()], pp = new double[g.cellCount()];
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i <= nx; i++) {
                    uu[g.u(i, j)] = u[f][j][i];
                }
                for (int i = 0; i < nx; i++) {
                    pp[g.cell(i, j)] = p[f][j][i];
                }
            }
            for (int j = 0; j <= ny; j++) {
                for (int i = 0; i < nx; i++) {
                    vv[g.v(i, j)] = v[f][j][i];
                }
            }
            frames.add(FlowState.of(g, uu, vv, pp, time[f], step[f]));
        }
        return frames;
    }

    private static TrajectoryMeta meta(HdfFile h) {
        return new TrajectoryMeta(intAttr(h, "nx"), intAttr(h, "ny"), doubleAttr(h, "width"),
                doubleAttr(h, "height"), doubleAttr(h, "inflow_speed"), doubleAttr(h, "reynolds"),
                doubleAttr(h, "dt"), intAttr(h, "factor"), longAttr(h, "first_step"), intAttr(h, "stride"),
                stringAttr(h, "solver_version"), stringAttr(h, "case_hash"));
    }

    private static InputException unreadable(Path file, RuntimeException e) {
        // jhdf signals corrupt or truncated files with HdfException (a RuntimeException)
        return new InputException(file + ": not a readable trajectory file, from its header at offset 0 ("
                + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage().replace('\n', ' ')) + ")");
    }

    private static Dataset dataset(HdfFile h, String name) {
        Dataset d = h.getDatasetByPath("/" + name);
        if (d == null) {
            throw new InputException(h.getFileAsPath() + ": trajectory lacks dataset '" + name + "'");
        }
        return d;
    }

    /**
     * A dataset's data of the expected Java type (float32 fields, float64 times, int64 steps); a
     * damaged dataset is named where it fails.
     */
    private static <T> T data(HdfFile h, String name, Class<T> type) {
        Object o;
        try {
            o = dataset(h, name).getData();
        } catch (InputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InputException(h.getFileAsPath() + ": dataset '" + name + "' is not readable ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
                    + e.getMessage().replace('\n', ' ')) + ")");
        }
        if (!type.isInstance(o)) {
            throw new InputException(h.getFileAsPath() + ": dataset '" + name + "' holds "
                    + (o == null ? "nothing" : o.getClass().getSimpleName()) + ", expected " + type.getSimpleName());
        }
        return type.cast(o);
    }

    /** Checks a field's shape against the attributes nx, ny (HDF5 arrays are rectangular). */
    private static void shape(Path file, String name, float[][][] f, int frames, int rows, int cols) {
        if (f.length != frames || f[0].length != rows || f[0][0].length != cols) {
            throw new InputException(file + ": dataset '" + name + "' has shape [" + f.length + "][" + f[0].length
                    + "][" + (f[0].length == 0 ? 0 : f[0][0].length) + "], attributes 'nx', 'ny' ask for ["
                    + frames + "][" + rows + "][" + cols + "]");
        }
    }

    private static Object attr(HdfFile h, String name) {
        Attribute a;
        Object o;
        try {
            a = h.getAttribute(name);
            o = a == null ? null : a.getData();
        } catch (RuntimeException e) {
            throw new InputException(h.getFileAsPath() + ": attribute '" + name + "' is not readable ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
                    + e.getMessage().replace('\n', ' ')) + ")");
        }
        if (a == null) {
            throw new InputException(h.getFileAsPath() + ": trajectory lacks attribute '" + name + "'");
        }
        return o != null && o.getClass().isArray() && Array.getLength(o) > 0 ? Array.get(o, 0) : o;
    }

    private static int intAttr(HdfFile h, String name) {
        return number(h, name).intValue();
    }

    private static long longAttr(HdfFile h, String name) {
        return number(h, name).longValue();
    }

    private static double doubleAttr(HdfFile h, String name) {
        return number(h, name).doubleValue();
    }

    private static Number number(HdfFile h, String name) {
        Object o = attr(h, name);
        if (!(o instanceof Number n)) {
            throw new InputException(h.getFileAsPath() + ": attribute '" + name + "' must be a number, found "
                    + (o == null ? "nothing" : o.getClass().getSimpleName()));
        }
        return n;
    }

    private static String stringAttr(HdfFile h, String name) {
        return String.valueOf(attr(h, name));
    }
}
