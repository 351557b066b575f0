package org.deepzero.solver.flow;

import io.jhdf.HdfFile;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepzero.solver.grid.StaggeredGrid;
import org.deepzero.solver.io.InputException;
import org.deepzero.solver.io.PartLayout;
import org.deepzero.solver.io.TrajectoryWriter;
import org.deepzero.solver.io.XdmfSidecar;

/**
 * Wake-flow trajectories streamed to disk in HDF5 parts tied by an XDMF file ({@link TrajectoryWriter},
 * which does the streaming and the atomic writes; this class is the wake's layout of a part).
 *
 * <p>Each part, all at the root group:
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
 * The XDMF file shows every field where the MAC grid stores it ({@link XdmfSidecar#write}).
 * {@link WakeTrajectoryReader} reads them back.
 */
public final class WakeTrajectoryWriter implements AutoCloseable {
    private final TrajectoryWriter out;
    private final StaggeredGrid grid;
    private final boolean vorticity;

    private WakeTrajectoryWriter(TrajectoryWriter out, StaggeredGrid grid, boolean vorticity) {
        this.out = out;
        this.grid = grid;
        this.vorticity = vorticity;
    }

    /**
     * Starts a trajectory, replacing any earlier one of the same name ({@link TrajectoryWriter#open}).
     *
     * @param file          the XDMF file that will name it, {@code <stem>.xdmf}
     * @param meta          attributes; {@code firstStep} is the step of frame 0
     * @param solid         solid-cell flags {@code [ny*nx]}
     * @param vorticity     whether frames come with a vorticity field
     * @param framesPerPart frames buffered before a part is written ({@link #framesPerPart(int, int)})
     * @return the writer; close it to write the last part
     */
    public static WakeTrajectoryWriter open(Path file, TrajectoryMeta meta, boolean[] solid, boolean vorticity,
                                            int framesPerPart) {
        Layout layout = Layout.of(file, meta, solid, vorticity);
        return new WakeTrajectoryWriter(TrajectoryWriter.open(file, layout, framesPerPart), layout.grid(), vorticity);
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
        try (WakeTrajectoryWriter t = open(file, meta, solid, vorticity != null, framesPerPart(meta.nx(), meta.ny()))) {
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
        TrajectoryMeta meta = WakeTrajectoryReader.info(singleFile).meta();
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
        TrajectoryWriter.writeIndex(xdmf.toAbsolutePath(), new Layout(meta, g, null, vorticity, ""), one);
    }

    /**
     * Frames per part on an {@code nx x ny} grid ({@link TrajectoryWriter#framesPerPart(long)} of
     * {@link #frameBytes}).
     *
     * @param nx cells along x
     * @param ny cells along y
     * @return frames per part
     */
    public static int framesPerPart(int nx, int ny) {
        return TrajectoryWriter.framesPerPart(frameBytes(nx, ny));
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

    /**
     * Adds a frame; writes a part when the buffer is full.
     *
     * @param s         a state on the trajectory's grid
     * @param vorticity its cell vorticity {@code [ny*nx]}, when the trajectory stores vorticity
     */
    public void add(FlowState s, double[] vorticity) {
        if (!s.grid().equals(grid)) {
            throw new IllegalArgumentException("frame on " + s.grid().nx() + "x" + s.grid().ny() + " but trajectory "
                    + out.file().getFileName() + " is on " + grid.nx() + "x" + grid.ny());
        }
        if (this.vorticity != (vorticity != null)) {
            throw new IllegalArgumentException("trajectory " + out.file().getFileName() + (this.vorticity
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
        out.add(s.time(), s.step(), wf == null ? List.of(uf, vf, pf) : List.of(uf, vf, pf, wf));
    }

    /** @return frames in the parts written so far (buffered frames not counted) */
    public int framesWritten() {
        return out.framesWritten();
    }

    /** @return the XDMF file that names the trajectory */
    public Path file() {
        return out.file();
    }

    /** Writes the buffered frames as the last part ({@link TrajectoryWriter#close()}). */
    @Override
    public void close() {
        out.close();
    }

    /**
     * The wake's part layout.
     *
     * @param meta      attributes
     * @param grid      the grid of {@code meta}
     * @param solid     solid flags {@code [ny][nx]} (null when only the index is written)
     * @param vorticity whether frames carry vorticity
     * @param stem      the trajectory's name, for the {@code layout} attribute
     */
    private record Layout(TrajectoryMeta meta, StaggeredGrid grid, int[][] solid, boolean vorticity, String stem)
            implements PartLayout {

        static Layout of(Path file, TrajectoryMeta meta, boolean[] solid, boolean vorticity) {
            StaggeredGrid g = new StaggeredGrid(meta.nx(), meta.ny(), meta.width(), meta.height());
            if (solid.length != g.cellCount()) {
                throw new IllegalArgumentException("solid flags for " + solid.length + " cells, grid has "
                        + g.cellCount());
            }
            int[][] flags = new int[meta.ny()][meta.nx()];
            for (int j = 0; j < meta.ny(); j++) {
                for (int i = 0; i < meta.nx(); i++) {
                    flags[j][i] = solid[j * meta.nx() + i] ? 1 : 0;
                }
            }
            String name = file.getFileName().toString();
            String stem = name.endsWith(TrajectoryWriter.EXTENSION)
                    ? name.substring(0, name.length() - TrajectoryWriter.EXTENSION.length()) : name;
            return new Layout(meta, g, flags, vorticity, stem);
        }

        @Override
        public List<Field> fields() {
            int nx = grid.nx(), ny = grid.ny();
            List<Field> f = new ArrayList<>(List.of(
                    new Field("u", ny, nx + 1, "m/s", "x-velocity on x-faces [frame][ny][nx+1]"),
                    new Field("v", ny + 1, nx, "m/s", "y-velocity on y-faces [frame][ny+1][nx]"),
                    new Field("p", ny, nx, "Pa/(kg/m^3)", "kinematic pressure at cell centres [frame][ny][nx]")));
            if (vorticity) {
                f.add(new Field("vorticity", ny, nx, "1/s", "dv/dx - du/dy at cell centres [frame][ny][nx]"));
            }
            return f;
        }

        @Override
        public Map<String, int[][]> constants() {
            return Map.of("solid", solid);
        }

        @Override
        public Map<String, Object> attributes(int part, int firstFrame) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("nx", meta.nx());
            a.put("ny", meta.ny());
            a.put("width", meta.width());
            a.put("height", meta.height());
            a.put("inflow_speed", meta.inflowSpeed());
            a.put("reynolds", meta.reynolds());
            a.put("dt", meta.dt());
            a.put("factor", meta.factor());
            a.put("first_step", meta.firstStep() + (long) firstFrame * meta.stride());
            a.put("stride", meta.stride());
            a.put("solver_version", meta.solverVersion());
            a.put("case_hash", meta.caseHash());
            a.put("part", part);
            a.put("first_frame", firstFrame);
            a.put("layout", "MAC grid on [0,width]x[0,height]; u[f][j][i] at x=i*dx,y=(j+.5)*dy; "
                    + "v[f][j][i] at x=(i+.5)*dx,y=j*dy; p at cell centres; frames every stride coarse steps; "
                    + "part " + part + " of the trajectory " + stem + TrajectoryWriter.EXTENSION);
            return a;
        }

        @Override
        public void writeIndex(Writer w, List<XdmfSidecar.Part> parts) throws IOException {
            XdmfSidecar.write(w, grid, vorticity, parts);
        }
    }
}
