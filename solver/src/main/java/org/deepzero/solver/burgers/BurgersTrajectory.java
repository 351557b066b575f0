package org.deepzero.solver.burgers;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.WritableDataset;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deepzero.common.AtomicFiles;
import org.deepzero.solver.io.InputException;
import org.deepzero.solver.io.XdmfSidecar;

/**
 * Burgers trajectories in HDF5: datasets {@code u}, {@code v}, {@code vorticity} (float32,
 * {@code [frame][n][n]}, row j = y), {@code time}, {@code step}; attributes {@code n}, {@code length},
 * {@code dt}, {@code viscosity}, {@code forcing_seed}, {@code first_step}, {@code solver_version},
 * {@code case_hash}. Written atomically, with an XDMF sidecar ({@link #xdmfFile}) that ParaView and
 * VisIt open: every dataset as cell data of the n x n square ({@link XdmfSidecar#writeCells}).
 */
public final class BurgersTrajectory {
    private BurgersTrajectory() {
    }

    /**
     * @param attributes the attributes above, by name (numbers or strings)
     * @param pictures   per frame a cell field stored as {@code vorticity}
     */
    public static void write(Path file, List<BurgersState> frames, List<double[]> pictures,
                             Map<String, Object> attributes) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a trajectory needs at least one frame");
        }
        if (!(attributes.get("length") instanceof Number side)) {
            throw new IllegalArgumentException("a trajectory needs the attribute 'length' (side of the square)");
        }
        double length = side.doubleValue();
        int f = frames.size(), n = frames.get(0).n();
        float[][][] u = new float[f][n][n], v = new float[f][n][n], w = new float[f][n][n];
        double[] time = new double[f];
        long[] step = new long[f];
        for (int k = 0; k < f; k++) {
            BurgersState s = frames.get(k);
            double[] su = s.u(), sv = s.v(), sw = pictures.get(k);
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    u[k][j][i] = (float) su[j * n + i];
                    v[k][j][i] = (float) sv[j * n + i];
                    w[k][j][i] = (float) sw[j * n + i];
                }
            }
            time[k] = s.time();
            step[k] = s.step();
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicFiles.writeViaPath(file, tmp -> {
                try (WritableHdfFile h = HdfFile.write(tmp)) {
                    WritableDataset du = h.putDataset("u", u);
                    du.putAttribute("description", "x-velocity at cell centres [frame][n][n]");
                    WritableDataset dv = h.putDataset("v", v);
                    dv.putAttribute("description", "y-velocity at cell centres [frame][n][n]");
                    WritableDataset dw = h.putDataset("vorticity", w);
                    dw.putAttribute("description", "dv/dx - du/dy at cell centres [frame][n][n]");
                    h.putDataset("time", time);
                    h.putDataset("step", step);
                    h.putAttribute("n", n);
                    attributes.forEach(h::putAttribute);
                }
            });
            // after the HDF5 file it names, so an XDMF file never points at a missing one
            AtomicFiles.write(xdmfFile(file), out -> {
                Writer xml = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                XdmfSidecar.writeCells(xml, n, n, length / n, length / n, file.getFileName().toString(),
                        List.of("u", "v", "vorticity"), time);
                xml.flush();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param file a trajectory's HDF5 file
     * @return its XDMF sidecar (the same name ending in {@code .xdmf}), which ParaView and VisIt open
     */
    public static Path xdmfFile(Path file) {
        String name = file.getFileName().toString();
        return file.resolveSibling((name.endsWith(".h5") ? name.substring(0, name.length() - 3) : name) + ".xdmf");
    }

    /** Reads the frames of a file written by {@link #write}; a bad file is an {@link InputException}. */
    public static List<BurgersState> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": trajectory file not found");
        }
        try (HdfFile h = new HdfFile(file)) {
            float[][][] u = (float[][][]) data(h, "u");
            float[][][] v = (float[][][]) data(h, "v");
            double[] time = (double[]) data(h, "time");
            long[] step = (long[]) data(h, "step");
            int f = u.length;
            if (f == 0 || v.length != f || time.length != f || step.length != f) {
                throw new InputException(file + ": inconsistent trajectory shapes (" + f + " frames)");
            }
            int n = u[0].length;
            List<BurgersState> out = new ArrayList<>(f);
            for (int k = 0; k < f; k++) {
                double[] su = new double[n * n], sv = new double[n * n];
                for (int j = 0; j < n; j++) {
                    for (int i = 0; i < n; i++) {
                        su[j * n + i] = u[k][j][i];
                        sv[j * n + i] = v[k][j][i];
                    }
                }
                out.add(new BurgersState(n, su, sv, time[k], step[k]));
            }
            return out;
        } catch (InputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InputException(file + ": not a readable Burgers trajectory (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().replace('\n', ' ')) + ")");
        }
    }

    private static Object data(HdfFile h, String name) {
        Dataset d = h.getDatasetByPath(name);
        return d.getData();
    }
}
