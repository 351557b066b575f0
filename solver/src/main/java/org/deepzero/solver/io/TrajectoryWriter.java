package org.deepzero.solver.io;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.deepzero.common.AtomicFiles;
import org.deepzero.solver.flow.FlowState;
import org.deepzero.solver.grid.StaggeredGrid;

/**
 * Writes a trajectory to HDF5 (jhdf). Layout, all at the root group:
 * <ul>
 *   <li>{@code u} float32 {@code [frame][ny][nx+1]}, {@code v} float32 {@code [frame][ny+1][nx]},
 *       {@code p} float32 {@code [frame][ny][nx]}, {@code vorticity} float32 {@code [frame][ny][nx]}
 *       when given;</li>
 *   <li>{@code time} float64 {@code [frame]}, {@code step} int64 {@code [frame]} (coarse step indices);</li>
 *   <li>{@code solid} int32 {@code [ny][nx]}: 1 in obstacle cells;</li>
 *   <li>root attributes: the fields of {@link TrajectoryMeta} ({@code nx, ny, width, height,
 *       inflow_speed, reynolds, dt, factor, first_step, stride, solver_version, case_hash}) and
 *       {@code layout}, a one-line description.</li>
 * </ul>
 * The file is written to a temporary sibling and moved into place, so a reader never sees a
 * half-written file (jhdf writes nothing before close, and cannot modify files in place).
 */
public final class TrajectoryWriter {
    private TrajectoryWriter() {
    }

    /**
     * @param file      destination; replaced atomically
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
        StaggeredGrid g = frames.get(0).grid();
        if (g.nx() != meta.nx() || g.ny() != meta.ny()) {
            throw new IllegalArgumentException("frames on " + g.nx() + "x" + g.ny() + " but meta says "
                    + meta.nx() + "x" + meta.ny());
        }
        int n = frames.size(), nx = g.nx(), ny = g.ny();
        float[][][] u = new float[n][ny][nx + 1], v = new float[n][ny + 1][nx], p = new float[n][ny][nx];
        float[][][] w = vorticity == null ? null : new float[n][ny][nx];
        double[] time = new double[n];
        long[] step = new long[n];
        for (int f = 0; f < n; f++) {
            FlowState s = frames.get(f);
            if (!s.grid().equals(g)) {
                throw new IllegalArgumentException("frame " + f + " is on another grid");
            }
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i <= nx; i++) {
                    u[f][j][i] = (float) s.u(i, j);
                }
                for (int i = 0; i < nx; i++) {
                    p[f][j][i] = (float) s.pressure(i, j);
                    if (w != null) {
                        w[f][j][i] = (float) vorticity.get(f)[j * nx + i];
                    }
                }
            }
            for (int j = 0; j <= ny; j++) {
                for (int i = 0; i < nx; i++) {
                    v[f][j][i] = (float) s.v(i, j);
                }
            }
            time[f] = s.time();
            step[f] = s.step();
        }
        int[][] solidCells = new int[ny][nx];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                solidCells[j][i] = solid[j * nx + i] ? 1 : 0;
            }
        }
        try {
            AtomicFiles.writeViaPath(file, tmp -> {
                try (WritableHdfFile h = HdfFile.write(tmp)) {
                    dataset(h, "u", u, "m/s", "x-velocity on x-faces [frame][ny][nx+1]");
                    dataset(h, "v", v, "m/s", "y-velocity on y-faces [frame][ny+1][nx]");
                    dataset(h, "p", p, "Pa/(kg/m^3)", "kinematic pressure at cell centres [frame][ny][nx]");
                    if (w != null) {
                        dataset(h, "vorticity", w, "1/s", "dv/dx - du/dy at cell centres [frame][ny][nx]");
                    }
                    h.putDataset("time", time);
                    h.putDataset("step", step);
                    h.putDataset("solid", solidCells);
                    h.putAttribute("nx", meta.nx());
                    h.putAttribute("ny", meta.ny());
                    h.putAttribute("width", meta.width());
                    h.putAttribute("height", meta.height());
                    h.putAttribute("inflow_speed", meta.inflowSpeed());
                    h.putAttribute("reynolds", meta.reynolds());
                    h.putAttribute("dt", meta.dt());
                    h.putAttribute("factor", meta.factor());
                    h.putAttribute("first_step", meta.firstStep());
                    h.putAttribute("stride", meta.stride());
                    h.putAttribute("solver_version", meta.solverVersion());
                    h.putAttribute("case_hash", meta.caseHash());
                    h.putAttribute("layout", "MAC grid on [0,width]x[0,height]; u[f][j][i] at x=i*dx,y=(j+.5)*dy; "
                            + "v[f][j][i] at x=(i+.5)*dx,y=j*dy; p at cell centres; frames every stride coarse steps");
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write trajectory " + file + ": " + e.getMessage(), e);
        }
    }

    private static void dataset(WritableHdfFile h, String name, float[][][] data, String units, String what) {
        WritableDataset d = h.putDataset(name, data);
        d.putAttribute("units", units);
        d.putAttribute("description", what);
    }
}
