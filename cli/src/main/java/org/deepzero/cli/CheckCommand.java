package org.deepzero.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deepzero.coupling.spec.CouplingSpec;
import org.deepzero.coupling.spec.CouplingSpecReader;
import org.deepzero.solver.MemoryEstimate;
import org.deepzero.solver.io.CaseFile;
import org.deepzero.solver.io.FieldImage;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.solver.pde.CoupledPde;
import org.deepzero.solver.pde.TrajectoryId;
import org.deepzero.coupling.train.CouplingSetup;
import org.deepzero.solver.pde.PdeCase;
import org.deepzero.solver.pde.PdeKinds;

/**
 * {@code deepzero check <case> [--out DIR]}: validates a case and its mesh exactly as the other
 * commands do, and prints the numbers that decide whether the case is sensible and the state of its
 * cached reference files, as the case's PDE gives them ({@link PdeCase#checkLines}; the wake: grid,
 * blockage, CFL, cells per diameter); runs nothing, allocates only the coarse grid. For a valid case it writes one file, {@link #MASK}, the coarse grid's mask as the
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
        String mask = writeMask(pde, trajectories.iterator().next().parameters(), dir);
        out.println("case " + file + ": valid (" + pde.kind() + ", channels " + Arrays.toString(pde.channelShape())
                + ")");
        pde.checkLines(trajectories).forEach(out::println);
        out.println(mask);
        return 0;
    }

    /**
     * The coarse solver's picture mask as a PNG (every solver of a case has the same mask), blank
     * where open; drawn by {@link FieldImage} like the report's pictures, so solid cells look the same.
     *
     * @return the line that names it
     */
    private static String writeMask(PdeCase<?> pde, CaseParameters p, Path dir) {
        // the coarse solver and the picture must fit, as every other command of the case requires
        int[] channels = pde.channelShape();
        long cells = (long) channels[1] * channels[2];
        long scale = Math.max(1, MIN_WIDTH / channels[2]);
        MemoryEstimate.none().plus("coarse solver", pde.solverBytes())
                .plus("mask picture", cells * (scale * scale * 4 + 1))
                .requireFits("lower the coarse grid (" + pde.resolutionKeys() + ") in " + pde.file());
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
        return "mask: " + file + " (" + w + " x " + h + " cells, solid grey)";
    }
}
