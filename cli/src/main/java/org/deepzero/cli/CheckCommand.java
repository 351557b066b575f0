package org.deepzero.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deepzero.coupling.spec.CouplingSpec;
import org.deepzero.coupling.spec.CouplingSpecReader;
import org.deepzero.solver.MemoryEstimate;
import org.deepzero.solver.ReferenceGenerator;
import org.deepzero.solver.io.CaseFile;
import org.deepzero.solver.flow.WakeFlowCase;
import org.deepzero.solver.io.FlowCase;
import org.deepzero.solver.io.FieldImage;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.solver.pde.CoupledPde;
import org.deepzero.solver.pde.TrajectoryId;
import org.deepzero.coupling.train.CouplingSetup;
import org.deepzero.solver.pde.PdeCase;
import org.deepzero.solver.pde.PdeKinds;
import org.deepzero.solver.io.InputException;
import org.deepzero.solver.io.Trajectory;
import org.deepzero.solver.io.TrajectoryMeta;
import org.deepzero.solver.io.TrajectoryReader;
import org.deepzero.solver.mesh.Mesh;

/**
 * {@code deepzero check <case> [--out DIR]}: validates a case and its mesh exactly as the other
 * commands do, and prints the numbers that decide whether the case is sensible (grid, blockage, CFL,
 * cells per diameter) and the state of its cached reference files; runs nothing, allocates only the
 * coarse grid. For a valid case it writes one file, {@link #MASK}, the coarse grid's mask as the
 * report pictures draw it (solid cells grey, open ones white), into the case's output folder or
 * {@code --out}; a bad case, or an output folder that cannot be written, writes nothing.
 */
final class CheckCommand implements Command {
    @Override
    public String name() {
        return "check";
    }

    @Override
    public String summary() {
        return "validate a case and its mesh; print grid, blockage, CFL, cells per diameter, cached references;"
                + " write the mask as " + MASK;
    }

    @Override
    public String arguments() {
        return "<case>";
    }

    /** The file name of the mask picture. */
    static final String MASK = "mask.png";

    /** Pictures at least this many pixels wide, so a coarse mask is visible. */
    private static final int MIN_WIDTH = 512;

    @Override
    public Options options() {
        return new Options().addOption(Option.builder().longOpt("out").hasArg().argName("DIR")
                .desc("where " + MASK + " goes (default: the case's [output] dir)").build());
    }

    @Override
    public int run(CommandLine line, PrintStream out) {
        Path file = Args.caseFile(line);
        CaseFile cf = CaseFile.read(file);
        PdeCase<?> pde;
        Set<TrajectoryId> trajectories = new LinkedHashSet<>();
        if (CouplingSpecReader.SECTIONS.stream().anyMatch(s -> cf.section(s).isPresent())) {
            CouplingSpec<?> spec = CouplingSpecReader.read(cf);
            pde = spec.pde();
            trajectories.addAll(CouplingSetup.trajectories(spec));
        } else {
            pde = PdeKinds.read(cf);
            pde.defaultTrainingParameters().forEach(p -> trajectories.add(TrajectoryId.of(p)));
        }
        Path dir = line.hasOption("out") ? Args.outputFolder(Args.path("--out", line.getOptionValue("out")), "--out")
                : Args.outputFolder(pde.outputDir(), "[output] dir of " + file);
        Path mask = writeMask(pde, trajectories.iterator().next().parameters(), dir);
        if (!(pde instanceof WakeFlowCase wake)) {
            // the grid, blockage and CFL lines below are the wake flow's; other PDEs: validity and cache
            out.println("case " + file + ": valid (" + pde.kind() + ", channels "
                    + Arrays.toString(pde.channelShape()) + ")");
            for (TrajectoryId id : trajectories) {
                Path ref = pde.referenceFile(id);
                out.println(id.label() + ": " + (Files.isRegularFile(ref) ? "cached reference " : "no cached reference ")
                        + ref);
            }
            out.println("mask: " + mask);
            return 0;
        }
        FlowCase flow = wake.flow();

        Mesh mesh = flow.mesh();
        double dx = mesh.width() / flow.nx();
        double dy = mesh.height() / flow.ny();
        double d = mesh.referenceLength();
        out.println("case " + file + ": valid");
        out.printf(Locale.ROOT, "grid %d x %d cells of %.4g x %.4g; reference %d x %d (factor %d)%n", flow.nx(),
                flow.ny(), dx, dy, flow.nx() * flow.factor(), flow.ny() * flow.factor(), flow.factor());
        out.printf(Locale.ROOT, "mesh %s: domain %.4g x %.4g, %d obstacle(s), blockage %.1f%%, %.1f cells per"
                + " diameter%n", flow.meshFile(), mesh.width(), mesh.height(), mesh.obstacles().size(),
                100 * d / mesh.height(), d / Math.min(dx, dy));
        out.printf(Locale.ROOT, "CFL of the inflow U dt / h = %.3f (dt %.4g)%n",
                flow.inflowSpeed() * flow.dt() / Math.min(dx, dy), flow.dt());
        for (TrajectoryId id : trajectories) {
            double re = id.parameters().get(WakeFlowCase.REYNOLDS);
            out.println("Re " + re + (id.trajectory() == 0 ? "" : " #" + id.trajectory()) + ": "
                    + reference(flow, re, id.trajectory()));
        }
        out.println("mask: " + mask + " (" + flow.nx() + " x " + flow.ny() + " cells, solid grey)");
        return 0;
    }

    /**
     * The coarse solver's picture mask as a PNG (every solver of a case has the same mask), blank
     * where open; drawn by {@link FieldImage} like the report's pictures, so solid cells look the same.
     */
    private static Path writeMask(PdeCase<?> pde, CaseParameters p, Path dir) {
        // the coarse solver and the picture must fit, as every other command of the case requires
        int[] channels = pde.channelShape();
        long cells = (long) channels[1] * channels[2];
        long scale = Math.max(1, MIN_WIDTH / channels[2]);
        MemoryEstimate.none().plus("coarse solver", pde.solverBytes())
                .plus("mask picture", cells * (scale * scale * 4 + 1))
                .requireFits("lower the coarse grid (" + (pde instanceof WakeFlowCase ? "[grid] nx, ny" : "[" + pde.kind()
                        + "]") + ") in " + pde.file());
        CoupledPde<?> solver = pde.coarse(p);
        int[] shape = solver.pictureShape();
        int w = shape[0], h = shape[1];
        Path file = dir.resolve(MASK);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        FieldImage.write(file, w, h, new double[w * h], solver.pictureMask(), 1, Math.max(1, MIN_WIDTH / w));
        return file;
    }

    /**
     * The state of the cached reference: what {@code reference}/{@code train} would do with it. Reads
     * only (a reference in the older single-file layout is read, not indexed, here).
     */
    private static String reference(FlowCase flow, double re, int trajectory) {
        Path file = ReferenceGenerator.defaultFile(flow, re, trajectory);
        if (!Files.isRegularFile(file)) {
            file = ReferenceGenerator.singleFile(file);
        }
        if (!Files.isRegularFile(file)) {
            return "no cached reference (" + ReferenceGenerator.defaultFile(flow, re, trajectory) + " will be made)";
        }
        try {
            Trajectory t = TrajectoryReader.read(file);
            TrajectoryMeta m = t.meta();
            // the criteria of ReferenceGenerator.isCached, which decides whether to remake it
            boolean current = ReferenceGenerator.isCurrent(flow, re, m, t.frames().size());
            return (current ? "cached reference " : "stale reference (will be remade) ") + file;
        } catch (InputException e) {
            return "damaged reference (will be remade): " + e.getMessage();
        }
    }
}
