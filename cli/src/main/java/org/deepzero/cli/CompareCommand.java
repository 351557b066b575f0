package org.deepzero.cli;

import org.deepzero.common.InputException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.deepzero.coupling.report.RolloutsCsv;
import org.deepzero.coupling.report.RunComparison;
import org.deepzero.coupling.report.Summary;

/**
 * {@code deepzero compare <run>}: prints the table of a finished report. {@code deepzero compare
 * <run-a> <run-b>}: compares two runs of one case (the same case hash: same PDE settings and mesh,
 * hence the same references; training settings may differ) method by method, from each report's
 * {@code rollouts.csv} ({@link RunComparison}). Reads only.
 */
final class CompareCommand implements Command {
    @Override
    public String name() {
        return "compare";
    }

    @Override
    public String summary() {
        return "print the error table of a run's report, or compare two runs of one case (differences with intervals)";
    }

    @Override
    public String arguments() {
        return "<run-dir> [<run-b-dir>]";
    }

    @Override
    public Options options() {
        return new Options();
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws IOException {
        List<String> args = line.getArgList();
        if (args.isEmpty() || args.size() > 2) {
            throw new UsageException("expected the argument <run-dir> or two, <run-a> <run-b>, got "
                    + (args.isEmpty() ? "none" : args));
        }
        if (args.size() == 1) {
            Path file = summaryFile(Args.path("<run-dir>", args.get(0)));
            out.println("report " + file);
            out.print(read(file).table());
            return 0;
        }
        Path a = summaryFile(Args.path("<run-a>", args.get(0)));
        Path b = summaryFile(Args.path("<run-b>", args.get(1)));
        Summary sa = read(a), sb = read(b);
        Object hashA = sa.provenance().get("case_hash"), hashB = sb.provenance().get("case_hash");
        if (hashA == null || !Objects.equals(hashA, hashB)) {
            throw new UsageException("runs of different cases: " + a + " is " + caseOf(sa) + ", " + b + " is "
                    + caseOf(sb) + " (compare runs of one case: the same PDE settings and mesh)");
        }
        RunComparison c = RunComparison.of(RolloutsCsv.read(csv(a)), RolloutsCsv.read(csv(b)));
        out.println("A: " + a.getParent());
        out.println("B: " + b.getParent());
        out.println("case " + sa.provenance().get("case") + " (case hash " + hashA + ")");
        out.print(c.table());
        out.println("B − A: negative when B's error is lower; paired by rollout where both runs evaluated the same"
                + " rollouts, else Welch's interval");
        return 0;
    }

    /** {@code <dir>/report/summary.json}, or {@code <dir>/summary.json} for a report folder; else not a run. */
    private static Path summaryFile(Path dir) {
        Path file = dir.resolve("report").resolve("summary.json");
        if (!Files.isRegularFile(file)) {
            file = dir.resolve("summary.json");
        }
        if (!Files.isRegularFile(file) || !Files.isRegularFile(file.resolveSibling(RolloutsCsv.FILE))) {
            throw new UsageException("no report in " + dir + " (not a run folder: expected report/summary.json and"
                    + " report/" + RolloutsCsv.FILE + "; run 'deepzero evaluate')");
        }
        return file;
    }

    private static Path csv(Path summary) {
        return summary.resolveSibling(RolloutsCsv.FILE);
    }

    private static Summary read(Path file) {
        try {
            Summary s = Summary.read(file);
            if (s.provenance() == null) {
                throw new IllegalArgumentException("no provenance");
            }
            return s;
        } catch (IOException | RuntimeException e) {
            throw new InputException(file, file + ": not a readable report summary (" + e.getMessage() + ")", e);
        }
    }

    private static String caseOf(Summary s) {
        return s.provenance().get("case") + " (case hash " + s.provenance().get("case_hash") + ")";
    }
}
