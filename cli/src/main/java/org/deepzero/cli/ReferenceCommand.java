package org.deepzero.cli;

import java.io.PrintStream;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.deepzero.common.ProgressPrinter;
import org.deepzero.coupling.spec.CouplingSpec;
import org.deepzero.coupling.spec.CouplingSpecReader;
import org.deepzero.solver.io.CaseFile;
import org.deepzero.coupling.train.CouplingSetup;
import org.deepzero.solver.pde.TrajectoryId;
import org.deepzero.solver.pde.PdeCase;
import org.deepzero.solver.pde.PdeKinds;

/**
 * {@code deepzero reference <case>}: the fine/coarse reference pair of every trajectory the case
 * needs (its training and test ones, each independent test trajectory included, or its [flow] ones for
 * a flow-only case).
 */
final class ReferenceCommand implements Command {
    @Override
    public String name() {
        return "reference";
    }

    @Override
    public String summary() {
        return "make the reference data: the fine simulation downsampled to the coarse grid (HDF5)";
    }

    @Override
    public String arguments() {
        return "<case>";
    }

    @Override
    public Options options() {
        return new Options();
    }

    @Override
    public int run(CommandLine line, PrintStream out) {
        CaseFile cf = CaseFile.read(Args.caseFile(line));
        if (cf.section("training").isPresent() || cf.section("evaluation").isPresent()) {
            CouplingSpec<?> spec = CouplingSpecReader.read(cf);
            // the training trajectories and every test trajectory (one per start when they are independent)
            return make(spec.pde(), CouplingSetup.trajectories(spec), out);
        }
        PdeCase<?> pde = PdeKinds.read(cf);
        return make(pde, pde.defaultTrainingParameters().stream().map(TrajectoryId::of).toList(), out);
    }

    private static int make(PdeCase<?> pde, List<TrajectoryId> trajectories, PrintStream out) {
        Args.outputFolder(pde.outputDir(), "[output] dir of " + pde.file());
        List<TrajectoryId> all = List.copyOf(new java.util.LinkedHashSet<>(trajectories));
        pde.ensureTrajectories(all, ProgressPrinter.onStandardError(5).showing(CaseArgs.DIAGNOSTICS));
        for (TrajectoryId id : all) {
            out.println(id.label() + ": " + pde.referenceFile(id));
        }
        return 0;
    }
}
