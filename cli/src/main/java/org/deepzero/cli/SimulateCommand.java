package org.deepzero.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deepzero.common.ProgressPrinter;
import org.deepzero.solver.PdeSimulation;
import org.deepzero.solver.io.CaseFile;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.solver.pde.PdeCase;
import org.deepzero.solver.pde.PdeKinds;

/**
 * {@code deepzero simulate <case>}: the case's PDE on its coarse grid, through the PDE contract
 * ({@link PdeCase#simulate}): the trajectory, diagnostics and pictures (the wake flow: XDMF + HDF5
 * parts streamed to disk; Burgers: HDF5 with an XDMF sidecar). Parameters and steps default to the
 * PDE's choice ({@link PdeCase#simulationParameters}, {@link PdeCase#simulationSteps}).
 */
final class SimulateCommand implements Command {
    @Override
    public String name() {
        return "simulate";
    }

    @Override
    public String summary() {
        return "run the case's PDE on its coarse grid; write the trajectory (HDF5 + XDMF) and PNGs";
    }

    @Override
    public String arguments() {
        return "<case>";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("steps").hasArg().argName("N")
                        .desc("coarse steps (default: the PDE's choice; the wake flow: [time] steps)").build())
                .addOption(Option.builder().longOpt("stride").hasArg().argName("N")
                        .desc("store every N-th step in the trajectory (default 1: every step)").build())
                .addOption(Option.builder().longOpt("out").hasArg().argName("DIR")
                        .desc("output folder (default: the case's [output] dir)").build())
                .addOption(Option.builder().longOpt("benchmark")
                        .desc("measure the coarse step instead (the wake flow: ms per step on the coarse and the"
                                + " 4x finer grid, pressure-solve share)")
                        .build());
    }

    @Override
    public int run(CommandLine line, PrintStream out) {
        CaseFile cf = CaseFile.read(Args.caseFile(line));
        PdeCase<?> pde = PdeKinds.read(cf);
        if (line.hasOption("benchmark")) {
            List<String> lines = pde.benchmark();
            if (lines.isEmpty()) {
                throw new UsageException("--benchmark: the " + pde.kind() + " PDE has no step benchmark");
            }
            lines.forEach(out::println);
            return 0;
        }
        List<CaseParameters> given = cf.section("training").map(s -> pde.readParameters(s, false)).orElse(List.of());
        CaseParameters p = pde.simulationParameters(given);
        int steps = Args.intOption(line, "steps", pde.simulationSteps(), 1);
        int stride = Args.intOption(line, "stride", 1, 1);
        Path dir = line.hasOption("out") ? Args.outputFolder(Path.of(line.getOptionValue("out")), "--out")
                : Args.outputFolder(pde.outputDir(), "[output] dir of " + cf.file());
        PdeSimulation.Result r = pde.simulate(p, steps, stride, dir,
                ProgressPrinter.onStandardError(10).showing(CaseArgs.DIAGNOSTICS));
        out.println("trajectory:  " + r.trajectory() + " (" + r.frames() + " frames at " + p.label()
                + "; open it in ParaView)");
        out.println("diagnostics: " + r.diagnostics());
        out.println("images:      " + r.images().size() + " PNGs in " + dir);
        return 0;
    }
}
