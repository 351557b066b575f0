package org.deepzero.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.DoubleStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.deepzero.common.ProgressPrinter;
import org.deepzero.coupling.data.ReferenceCache;
import org.deepzero.coupling.spec.CouplingSpec;
import org.deepzero.coupling.spec.CouplingSpecReader;
import org.deepzero.solver.ReferenceGenerator;
import org.deepzero.solver.io.CaseFile;
import org.deepzero.solver.io.FlowCase;
import org.deepzero.solver.io.FlowCaseReader;

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
        Path file = Args.caseFile(line);
        CaseFile cf = CaseFile.read(file);
        FlowCase flow;
        double[] reynolds;
        if (cf.section("training").isPresent() || cf.section("evaluation").isPresent()) {
            CouplingSpec spec = CouplingSpecReader.read(cf);
            flow = spec.flow();
            reynolds = DoubleStream.concat(Arrays.stream(spec.training().reynolds()),
                    Arrays.stream(spec.evaluation().reynolds())).toArray();
        } else {
            flow = FlowCaseReader.read(cf);
            reynolds = flow.reynolds().stream().mapToDouble(Double::doubleValue).toArray();
        }
        Args.outputFolder(flow.outputDir(), "[output] dir of " + file);
        ReferenceCache.ensure(flow, reynolds, ProgressPrinter.onStandardError(5).showing(CaseArgs.DIAGNOSTICS));
        for (double re : reynolds) {
            out.println("Re " + re + ": " + ReferenceGenerator.defaultFile(flow, re));
        }
        return 0;
    }
}
