package org.deepzero.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.deepzero.common.ProgressPrinter;
import org.deepzero.coupling.data.ReferenceCache;
import org.deepzero.coupling.spec.CouplingSpec;
import org.deepzero.coupling.spec.CouplingSpecReader;
import org.deepzero.solver.io.CaseFile;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.solver.pde.PdeCase;
import org.deepzero.solver.pde.PdeKinds;

/**
 * {@code deepzero reference <case>}: the fine/coarse reference pair of every Reynolds number the
 * case needs (its training and evaluation ones, or its [flow] ones for a flow-only case).
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
            List<CaseParameters> all = new ArrayList<>(spec.training().parameters());
            all.addAll(spec.evaluation().parameters());
            return make(spec.pde(), all, out);
        }
        PdeCase<?> pde = PdeKinds.read(cf);
        return make(pde, pde.defaultTrainingParameters(), out);
    }

    private static int make(PdeCase<?> pde, List<CaseParameters> parameters, PrintStream out) {
        Args.outputFolder(pde.outputDir(), "[output] dir of " + pde.file());
        ReferenceCache.ensure(pde, parameters, ProgressPrinter.onStandardError(5).showing(CaseArgs.DIAGNOSTICS));
        for (CaseParameters p : new java.util.LinkedHashSet<>(parameters)) {
            out.println(p.label() + ": " + pde.referenceFile(p));
        }
        return 0;
    }
}
