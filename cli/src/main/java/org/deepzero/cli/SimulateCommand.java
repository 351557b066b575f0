package org.deepzero.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deepzero.common.ProgressPrinter;
import org.deepzero.solver.PdeSimulation;
import org.deepzero.solver.Simulation;
import org.deepzero.solver.SolverBenchmark;
import org.deepzero.solver.io.CaseFile;
import org.deepzero.solver.io.FlowCase;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.solver.pde.PdeCase;
import org.deepzero.solver.pde.PdeKinds;
import org.deepzero.solver.io.FlowCaseReader;

/**
 * {@code deepzero simulate <case>}: the case's PDE on its coarse grid; the trajectory and pictures. The
 * wake flow: XDMF + HDF5 parts streamed to disk and vorticity PNGs ({@link Simulation}); any other PDE
 * through the PDE contract ({@link PdeSimulation}; Burgers: HDF5 with an XDMF sidecar).
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
                        .desc("coarse steps (default: the case's [time] steps)").build())
                .addOption(Option.builder().longOpt("stride").hasArg().argName("N")
                        .desc("store every N-th step in the trajectory (default 1: every step)").build())
                .addOption(Option.builder().longOpt("out").hasArg().argName("DIR")
                        .desc("output folder (default: the case's [output] dir)").build())
                .addOption(Option.builder().longOpt("benchmark")
                        .desc("measure milliseconds per step at 64x32 and 256x128 and the pressure-solve share instead")
                        .build());
    }

    @Override
    public int run(CommandLine line, PrintStream out) {
        CaseFile cf = CaseFile.read(Args.caseFile(line));
        if (!PdeKinds.kind(cf).equals(PdeKinds.DEFAULT)) {
            return otherPde(cf, line, out);
        }
        FlowCase c = FlowCaseReader.read(cf);
        if (line.hasOption("benchmark")) {
            for (SolverBenchmark.Result r : SolverBenchmark.standard(c)) {
                out.println(r);
            }
            return 0;
        }
        int steps = Args.intOption(line, "steps", c.steps(), 1);
        int stride = Args.intOption(line, "stride", 1, 1);
        Path dir = line.hasOption("out") ? Args.outputFolder(Path.of(line.getOptionValue("out")), "--out")
                : Args.outputFolder(c.outputDir(), "[output] dir of " + c.file());
        Simulation.Result r = Simulation.run(c, steps, stride, dir,
                ProgressPrinter.onStandardError(10).showing(CaseArgs.DIAGNOSTICS));
        out.println("trajectory:  " + r.trajectory() + " (" + r.frames() + " frames; open it in ParaView)");
        out.println("diagnostics: " + r.diagnostics());
        out.println("images:      " + r.images().size() + " vorticity PNGs in " + dir);
        return 0;
    }

    /**
     * Any other PDE, through the contract ({@link PdeSimulation}): the first training parameters of the
     * case ({@code [training]}, else the PDE's default), {@code --steps} defaulting to the reference's
     * frames, a picture every quarter of the run.
     */
    private static int otherPde(CaseFile cf, CommandLine line, PrintStream out) {
        PdeCase<?> pde = PdeKinds.read(cf);
        if (line.hasOption("benchmark")) {
            throw new UsageException("--benchmark: measures the wake flow's solver only, this case is "
                    + pde.kind());
        }
        List<CaseParameters> given = cf.section("training").map(s -> pde.readParameters(s, false)).orElse(List.of());
        CaseParameters p = given.isEmpty() ? pde.defaultTrainingParameters().get(0) : given.get(0);
        int steps = Args.intOption(line, "steps", pde.frames(), 1);
        int stride = Args.intOption(line, "stride", 1, 1);
        Path dir = line.hasOption("out") ? Args.outputFolder(Path.of(line.getOptionValue("out")), "--out")
                : Args.outputFolder(pde.outputDir(), "[output] dir of " + cf.file());
        PdeSimulation.Result r = PdeSimulation.run(pde, p, steps, stride, Math.max(1, steps / 4), dir,
                ProgressPrinter.onStandardError(10).showing(CaseArgs.DIAGNOSTICS));
        out.println("trajectory:  " + r.trajectory() + " (" + r.frames() + " frames at " + p.label() + ")");
        out.println("diagnostics: " + r.diagnostics());
        out.println("images:      " + r.images().size() + " PNGs in " + dir);
        return 0;
    }
}
