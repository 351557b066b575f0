package org.deepzero.cli;

import org.deepzero.common.InputException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.deepzero.coupling.report.Summary;

/** {@code deepzero compare <run-dir>}: prints the table of a finished report. */
final class CompareCommand implements Command {
    @Override
    public String name() {
        return "compare";
    }

    @Override
    public String summary() {
        return "print the error table of a run folder's report";
    }

    @Override
    public String arguments() {
        return "<run-dir>";
    }

    @Override
    public Options options() {
        return new Options();
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws IOException {
        Path dir = Args.path("<run-dir>", Args.positional(line, "<run-dir>"));
        Path file = dir.resolve("report").resolve("summary.json");
        if (!Files.isRegularFile(file)) {
            file = dir.resolve("summary.json");
        }
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no report in " + dir + " (expected report/summary.json; run 'deepzero evaluate')");
        }
        Summary s;
        try {
            s = Summary.read(file);
        } catch (IOException | RuntimeException e) {
            throw new InputException(file, file + ": not a readable report summary (" + e.getMessage() + ")", e);
        }
        out.println("report " + file);
        out.print(s.table());
        return 0;
    }
}
