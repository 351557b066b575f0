package org.deepzero.cli;

import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deepzero.common.ProgressPrinter;
import org.deepzero.coupling.CouplingRun;
import org.deepzero.coupling.spec.CouplingSpec;
import org.deepzero.coupling.spec.CouplingSpecReader;
import org.deepzero.solver.io.CaseFile;

/** The options shared by the commands that work on a coupled case and its run folder. */
final class CaseArgs {
    /**
     * What progress lines show of the solver's diagnostics and of training: enough to see a flow
     * blow up or a loss stall, short enough for one line.
     */
    static final String[] DIAGNOSTICS = {"kineticEnergy", "maxDivergence", "liftCoefficient", "loss", "val_mae",
            "mean_mae"};

    private CaseArgs() {
    }

    static Options withRunDir(Options o) {
        return o.addOption(Args.executorOption()).addOption(Option.builder().longOpt("out").hasArg().argName("DIR")
                .desc("run folder (default: <case output dir>/run)").build());
    }

    /**
     * Reads and validates the whole case and makes sure its run folder can be written (before any work
     * starts; call it after every other option is validated), then opens the run folder.
     */
    static CouplingRun<?> open(CommandLine line) {
        CaseFile cf = CaseFile.read(Args.caseFile(line));
        CouplingSpec<?> spec = CouplingSpecReader.read(cf);
        Path dir = line.hasOption("out") ? Args.outputFolder(Path.of(line.getOptionValue("out")), "--out")
                : Args.outputFolder(CouplingRun.defaultDir(spec), "run folder (from [output] dir)");
        // --executor overrides the case's [execution] executor
        String executor = line.hasOption("executor") ? Args.executor(line) : CouplingSpecReader.executor(cf);
        return new CouplingRun<>(spec, dir, ProgressPrinter.onStandardError(10).showing(DIAGNOSTICS), executor);
    }
}
