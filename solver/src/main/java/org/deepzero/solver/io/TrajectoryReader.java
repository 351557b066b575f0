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
 * Reads trajectory files written by {@link TrajectoryWriter} back into coarse states. Everything is
 * read eagerly, because jhdf reads lazily and a truncated file would otherwise fail later, far
 * from here; any failure becomes an {@link InputException} whose message names the file.
 */
public final class TrajectoryReader {
    private TrajectoryReader() {
    }

    /**
     * @param file a trajectory file
     * @return its metadata and frames (pressure included; vorticity is not read back)
     * @throws InputException when the file is missing, truncated, not HDF5, or lacks a field
     */
    public static Trajectory read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": trajectory file not found");
        }
        try (HdfFile h = new HdfFile(file)) {
            TrajectoryMeta meta = new TrajectoryMeta(intAttr(h, "nx"), intAttr(h, "ny"), doubleAttr(h, "width"),
                    doubleAttr(h, "height"), doubleAttr(h, "inflow_speed"), doubleAttr(h, "reynolds"),
                    doubleAttr(h, "dt"), intAttr(h, "factor"), longAttr(h, "first_step"), intAttr(h, "stride"),
                    stringAttr(h, "solver_version"), stringAttr(h, "case_hash"));
            float[][][] u = (float[][][]) data(h, "u");
            float[][][] v = (float[][][]) data(h, "v");
            float[][][] p = (float[][][]) data(h, "p");
            double[] time = (double[]) data(h, "time");
            long[] step = (long[]) data(h, "step");
            int n = u.length, nx = meta.nx(), ny = meta.ny();
            if (v.length != n || p.length != n || time.length != n || step.length != n
                    || n == 0 || u[0].length != ny || u[0][0].length != nx + 1) {
                throw new InputException(file + ": inconsistent trajectory shapes (frames "
                        + n + ", grid " + nx + "x" + ny + ")");
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
            return new Trajectory(meta, frames);
        } catch (InputException e) {
            throw e;
        } catch (RuntimeException e) {
            // jhdf signals corrupt or truncated files with HdfException (a RuntimeException)
            throw new InputException(file + ": not a readable trajectory file (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().replace('\n', ' ')) + ")");
        }
    }

    /**
     * Reads one float32 field as stored, for bit-exact comparisons.
     *
     * @param file  a trajectory file
     * @param field "u", "v", "p" or "vorticity"
     * @return {@code [frame][y][x]}
     */
    public static float[][][] readField(Path file, String field) {
        try (HdfFile h = new HdfFile(file)) {
            return (float[][][]) data(h, field);
        } catch (InputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InputException(file + ": not a readable trajectory file (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().replace('\n', ' ')) + ")");
        }
    }

    private static Object data(HdfFile h, String name) {
        Dataset d = h.getDatasetByPath("/" + name);
        if (d == null) {
            throw new InputException(h.getFileAsPath() + ": trajectory lacks dataset '" + name + "'");
        }
        return d.getData();
    }

    private static Object attr(HdfFile h, String name) {
        Attribute a = h.getAttribute(name);
        if (a == null) {
            throw new InputException(h.getFileAsPath() + ": trajectory lacks attribute '" + name + "'");
        }
        Object o = a.getData();
        return o != null && o.getClass().isArray() ? Array.get(o, 0) : o;
    }

    private static int intAttr(HdfFile h, String name) {
        return ((Number) attr(h, name)).intValue();
    }

    private static long longAttr(HdfFile h, String name) {
        return ((Number) attr(h, name)).longValue();
    }

    private static double doubleAttr(HdfFile h, String name) {
        return ((Number) attr(h, name)).doubleValue();
    }

    private static String stringAttr(HdfFile h, String name) {
        return String.valueOf(attr(h, name));
    }
}
