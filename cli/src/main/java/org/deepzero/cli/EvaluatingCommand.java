package org.deepzero.cli;

import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.deepzero.coupling.CouplingRun;
import org.deepzero.coupling.report.Summary;

/**
 * A command on a coupled case and its run folder ({@link CaseArgs}) that ends with the evaluation: it
 * prints the summary table and the path of the report ({@code deepzero run}, {@code deepzero evaluate}).
 */
abstract class EvaluatingCommand implements Command {
    @Override
    public final String arguments() {
        return "<case>";
    }

    @Override
    public final Options options() {
        return CaseArgs.withRunDir(new Options());
    }

    @Override
    public final int run(CommandLine line, PrintStream out) {
        CouplingRun<?> run = CaseArgs.open(line);
        out.print(evaluate(run).table());
        out.println("report: " + run.runDir().resolve("report").resolve("index.html"));
        return 0;
    }

    /**
     * The command's own work on the opened run folder, ending with the evaluation (which writes the report).
     *
     * @return the evaluation's summary
     */
    abstract Summary evaluate(CouplingRun<?> run);
}
