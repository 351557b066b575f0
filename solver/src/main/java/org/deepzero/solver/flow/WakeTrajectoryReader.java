package org.deepzero.solver.flow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deepzero.solver.grid.StaggeredGrid;
import org.deepzero.solver.io.InputException;
import org.deepzero.solver.io.Trajectory;
import org.deepzero.solver.io.TrajectoryPart;
import org.deepzero.solver.io.TrajectoryReader;

/**
 * Reads wake-flow trajectories ({@link WakeTrajectoryWriter}'s layout) back into coarse states, through
 * {@link TrajectoryReader}: the attributes into a {@link TrajectoryMeta}, the fields into
 * {@link FlowState}s (pressure included; vorticity is not read back). A part continues the one
 * before when its attributes are the same but for {@code first_step}, which must follow on.
 */
public final class WakeTrajectoryReader implements TrajectoryReader.PartDecoder<TrajectoryMeta, FlowState> {
    /** The one instance: the decoder holds no state. */
    public static final WakeTrajectoryReader DECODER = new WakeTrajectoryReader();

    private WakeTrajectoryReader() {
    }

    /**
     * @param file a trajectory: its {@code .xdmf} file, or a single {@code .h5} file
     * @return its metadata and frames
     * @throws InputException as {@link TrajectoryReader#read}
     */
    public static Trajectory<TrajectoryMeta, FlowState> read(Path file) {
        return TrajectoryReader.read(file, DECODER);
    }

    /**
     * @param file a trajectory: its {@code .xdmf} file, or a single {@code .h5} file
     * @return its metadata and frame count, the frames not read
     * @throws InputException as {@link TrajectoryReader#info}
     */
    public static TrajectoryReader.Info<TrajectoryMeta> info(Path file) {
        return TrajectoryReader.info(file, DECODER);
    }

    /**
     * @param file a trajectory: its {@code .xdmf} file, or a single {@code .h5} file
     * @return its HDF5 files, in order
     */
    public static List<Path> partFiles(Path file) {
        return TrajectoryReader.partFiles(file, DECODER.frameDataset());
    }

    @Override
    public TrajectoryMeta meta(TrajectoryPart h) {
        return new TrajectoryMeta(h.intAttr("nx"), h.intAttr("ny"), h.doubleAttr("width"),
                h.doubleAttr("height"), h.doubleAttr("inflow_speed"), h.doubleAttr("reynolds"),
                h.doubleAttr("dt"), h.intAttr("factor"), h.longAttr("first_step"), h.intAttr("stride"),
                h.stringAttr("solver_version"), h.stringAttr("case_hash"));
    }

    @Override
    public String discontinuity(TrajectoryMeta first, TrajectoryMeta meta, int framesBefore) {
        long expectedStep = first.firstStep() + (long) framesBefore * first.stride();
        TrajectoryMeta shifted = new TrajectoryMeta(meta.nx(), meta.ny(), meta.width(), meta.height(),
                meta.inflowSpeed(), meta.reynolds(), meta.dt(), meta.factor(), first.firstStep(), meta.stride(),
                meta.solverVersion(), meta.caseHash());
        if (!shifted.equals(first) || meta.firstStep() != expectedStep) {
            return "first_step " + meta.firstStep() + ", expected " + expectedStep + "; or another case or grid";
        }
        return null;
    }

    /** {@code u}. */
    @Override
    public String frameDataset() {
        return "u";
    }

    @Override
    public List<FlowState> frames(TrajectoryPart h, TrajectoryMeta meta) {
        Path file = h.path();
        float[][][] u = h.data("u", float[][][].class);
        float[][][] v = h.data("v", float[][][].class);
        float[][][] p = h.data("p", float[][][].class);
        double[] time = h.data("time", double[].class);
        long[] step = h.data("step", long[].class);
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
        if (h.listedFrames() >= 0 && h.listedFrames() != n) {
            throw new InputException(file + ": holds " + n + " frames, its XDMF file lists " + h.listedFrames());
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

    /** Checks a field's shape against the attributes nx, ny (HDF5 arrays are rectangular). */
    private static void shape(Path file, String name, float[][][] f, int frames, int rows, int cols) {
        if (f.length != frames || f[0].length != rows || f[0][0].length != cols) {
            throw new InputException(file + ": dataset '" + name + "' has shape [" + f.length + "][" + f[0].length
                    + "][" + (f[0].length == 0 ? 0 : f[0][0].length) + "], attributes 'nx', 'ny' ask for ["
                    + frames + "][" + rows + "][" + cols + "]");
        }
    }
}
