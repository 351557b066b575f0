package org.deepzero.solver.flow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deepzero.common.Hashing;
import org.deepzero.solver.io.CaseFile;
import org.deepzero.solver.io.InputException;
import org.deepzero.solver.grid.FlowBoundaries;
import org.deepzero.solver.grid.FluidMask;
import org.deepzero.solver.grid.SideBoundary;
import org.deepzero.solver.grid.StaggeredGrid;
import org.deepzero.solver.mesh.Mesh;
import org.deepzero.solver.mesh.MeshFile;
import org.deepzero.solver.ops.AdvectionScheme;

/**
 * Reads and validates the solver's sections of a case file: {@code [grid] [mesh] [flow] [time]
 * [reference] [output]} (keys in cases/README.md). Sections owned by other modules are ignored;
 * unknown keys inside the solver's sections are errors.
 */
public final class FlowCaseReader {
    /** The sections this reader owns. */
    public static final List<String> SECTIONS = List.of("grid", "mesh", "flow", "time", "reference", "output");
    /** Largest inflow CFL number {@code U dt / h} a case may ask for. */
    public static final double MAX_CFL = 1.0;
    /** Largest grid (coarse or reference) of a case: 2^26 cells, far beyond a CPU run, within int indices. */
    public static final long MAX_CELLS = 1L << 26;

    private FlowCaseReader() {
    }

    /**
     * Reads {@code case.conf} in a folder, or the given file.
     *
     * @param caseDirOrFile a case folder or its case file
     * @return the validated case
     * @throws InputException naming file, line, section, key and problem
     */
    public static FlowCase read(Path caseDirOrFile) {
        return read(CaseFile.read(CaseFile.locate(caseDirOrFile)));
    }

    /**
     * Validates the solver's sections of a parsed case file (other sections are not touched).
     *
     * @param cf the parsed file
     * @return the validated case
     */
    public static FlowCase read(CaseFile cf) {
        Path file = cf.file();
        CaseFile.Section grid = cf.require("grid");
        int nx = grid.integer("nx");
        int ny = grid.integer("ny");
        if (nx <= 0) {
            throw grid.error("nx", "resolution must be positive, got " + nx);
        }
        if (ny <= 0) {
            throw grid.error("ny", "resolution must be positive, got " + ny);
        }
        if ((long) nx * ny > MAX_CELLS) {
            // checked before anything is allocated: a typo like nx = 99999999 must not exhaust memory
            throw grid.error((long) nx > ny ? "nx" : "ny", "a grid of " + nx + " x " + ny
                    + " cells is beyond the " + MAX_CELLS + " cells this solver supports");
        }
        grid.rejectUnknownKeys();

        CaseFile.Section meshSec = cf.require("mesh");
        Path meshFile = meshSec.path("file");
        if (!Files.isRegularFile(meshFile)) {
            throw meshSec.error("file", "mesh file not found: " + meshFile);
        }
        meshSec.rejectUnknownKeys();
        Mesh mesh = MeshFile.read(meshFile);
        if (!mesh.obstacles().isEmpty()) {
            StaggeredGrid g = new StaggeredGrid(nx, ny, mesh.width(), mesh.height());
            if (FluidMask.of(g, FlowBoundaries.wake(SideBoundary.FREE_SLIP, 1), mesh::isSolid).solidCount() == 0) {
                throw meshSec.error("file", "the obstacles cover no cell of the " + nx + "x" + ny
                        + " grid (raise [grid] nx, ny or enlarge them)");
            }
        }

        CaseFile.Section flow = cf.require("flow");
        double u = flow.number("inflow_speed", 1.0);
        if (!(u > 0)) {
            throw flow.error("inflow_speed", "must be positive, got " + u);
        }
        double[] re = flow.numbers("reynolds");
        for (double r : re) {
            if (!(r > 0)) {
                throw flow.error("reynolds", "must be positive, got " + r);
            }
        }
        SideBoundary sides = flow.choice("sides", "free-slip", "free-slip", "periodic").equals("periodic")
                ? SideBoundary.PERIODIC : SideBoundary.FREE_SLIP;
        AdvectionScheme advection = flow.choice("advection", "maccormack", "maccormack", "semi-lagrangian")
                .equals("maccormack") ? AdvectionScheme.MACCORMACK : AdvectionScheme.SEMI_LAGRANGIAN;
        flow.rejectUnknownKeys();

        CaseFile.Section time = cf.require("time");
        double dt = time.number("dt");
        if (!(dt > 0)) {
            throw time.error("dt", "must be positive, got " + dt);
        }
        int steps = time.integer("steps");
        if (steps <= 0) {
            throw time.error("steps", "must be positive, got " + steps);
        }
        double h = Math.min(mesh.width() / nx, mesh.height() / ny);
        double cfl = u * dt / h;
        if (cfl > MAX_CFL) {
            throw time.error("dt", String.format(Locale.ROOT,
                    "time step %s violates CFL: U dt / h = %.3g > %s (use dt <= %.4g or coarser cells)",
                    Double.toString(dt), cfl, Double.toString(MAX_CFL), MAX_CFL * h / u));
        }
        time.rejectUnknownKeys();

        CaseFile.Section ref = cf.sectionOrEmpty("reference");
        int factor = ref.integer("factor", 4);
        if (factor < 1) {
            throw ref.error("factor", "must be >= 1, got " + factor);
        }
        if ((long) nx * factor * ny * factor > MAX_CELLS) {
            throw ref.error("factor", "the reference grid of " + (long) nx * factor + " x " + (long) ny * factor
                    + " cells is beyond the " + MAX_CELLS + " cells this solver supports");
        }
        int warmup = ref.integer("warmup_steps", 0);
        if (warmup < 0) {
            throw ref.error("warmup_steps", "must be >= 0, got " + warmup);
        }
        int frames = ref.integer("frames", steps);
        if (frames <= 0) {
            throw ref.error("frames", "must be positive, got " + frames);
        }
        int stride = ref.integer("stride", 1);
        if (stride <= 0) {
            throw ref.error("stride", "must be positive, got " + stride);
        }
        ref.rejectUnknownKeys();

        CaseFile.Section out = cf.sectionOrEmpty("output");
        Path outDir = out.has("dir") ? out.path("dir") : defaultOut(file);
        out.string("dir", null);
        int imageEvery = out.integer("image_every", 50);
        if (imageEvery < 0) {
            throw out.error("image_every", "must be >= 0, got " + imageEvery);
        }
        out.rejectUnknownKeys();

        String name = caseName(file);
        List<Double> res = new ArrayList<>();
        for (double r : re) {
            res.add(r);
        }
        // what shapes the numbers, and nothing else (not the output folder): names cached references
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("grid", Map.of("nx", nx, "ny", ny));
        settings.put("flow", Map.of("inflow_speed", u, "reynolds", res, "sides", sides.name(),
                "advection", advection.name()));
        settings.put("time", Map.of("dt", dt, "steps", steps));
        settings.put("reference", Map.of("factor", factor, "warmup_steps", warmup, "frames", frames,
                "stride", stride));
        settings.put("mesh", Hashing.ofText(meshText(meshFile)));
        return new FlowCase(file, name, nx, ny, meshFile, mesh, u, res, sides, advection, dt, steps,
                factor, warmup, frames, stride, outDir, imageEvery, Hashing.ofSettings(settings));
    }

    private static Path defaultOut(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        return (dir == null ? Path.of(".") : dir).resolve("out");
    }

    private static String caseName(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        return dir == null || dir.getFileName() == null ? "case" : dir.getFileName().toString();
    }

    private static String meshText(Path meshFile) {
        try {
            return Files.readString(meshFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException(meshFile + ": cannot read mesh file (" + e.getMessage() + ")");
        }
    }
}
