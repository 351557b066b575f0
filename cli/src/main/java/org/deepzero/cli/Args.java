package org.deepzero.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.deepzero.solver.io.CaseFile;

/** Typed access to parsed options with one-line usage errors. */
public final class Args {
    private Args() {
    }

    /** The single positional argument {@code what}, e.g. the case path. */
    public static String positional(CommandLine line, String what) {
        if (line.getArgList().size() != 1) {
            throw new UsageException("expected exactly one argument " + what + ", got "
                    + (line.getArgList().isEmpty() ? "none" : line.getArgList()));
        }
        return line.getArgList().get(0);
    }

    /** An existing case: a folder holding {@code case.conf}, or the file itself. */
    public static Path caseFile(CommandLine line) {
        Path file = CaseFile.locate(path("<case>", positional(line, "<case>")));
        if (!Files.isRegularFile(file)) {
            throw new UsageException("case not found: " + file + " (give a case folder with case.conf or a .conf file)");
        }
        return file;
    }

    public static int intOption(CommandLine line, String name, int fallback, int min) {
        if (!line.hasOption(name)) {
            return fallback;
        }
        String v = line.getOptionValue(name);
        int value;
        try {
            value = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": not an integer: '" + v + "'");
        }
        if (value < min) {
            throw new UsageException("--" + name + ": must be at least " + min + ", got " + value);
        }
        return value;
    }

    public static double doubleOption(CommandLine line, String name, double fallback, double min, double max) {
        if (!line.hasOption(name)) {
            return fallback;
        }
        String v = line.getOptionValue(name);
        double value;
        try {
            value = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": not a number: '" + v + "'");
        }
        if (!(value >= min && value <= max)) {
            throw new UsageException("--" + name + ": must lie in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    /** One of the allowed words. */
    public static String choice(CommandLine line, String name, String fallback, String... allowed) {
        String v = line.getOptionValue(name, fallback);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new UsageException("--" + name + ": expected one of " + String.join("|", allowed) + ", got '" + v + "'");
    }

    /**
     * Makes sure the output folder {@code dir} can be made and written, before any work starts, so
     * that a file in the way, a read-only folder or a path that cannot be created fails in one line
     * instead of after hours of work or halfway through a report. Leaves no trace: the folder itself is
     * made later by whoever writes into it.
     *
     * @param what how the user gave the folder, e.g. {@code --out} or {@code [output] dir}
     * @return {@code dir}
     * @throws UsageException naming the folder and the problem
     */
    public static Path outputFolder(Path dir, String what) {
        Path full = dir.toAbsolutePath().normalize();
        Path existing = full;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new UsageException(what + " " + dir + ": cannot be created (no existing parent folder)");
        }
        if (!Files.isDirectory(existing)) {
            throw new UsageException(what + " " + dir + ": " + (existing.equals(full) ? "is a file, not a folder"
                    : existing + " is a file, not a folder"));
        }
        try {
            // the only sure test of writability (permissions, read-only mounts, pseudo file systems)
            Files.delete(Files.createTempFile(existing, ".deepzero-write-test-", ".tmp"));
        } catch (java.io.IOException | SecurityException e) {
            throw new UsageException(what + " " + dir + ": " + (existing.equals(full) ? "" : existing + " ")
                    + "is not writable, so the folder cannot be " + (existing.equals(full) ? "written" : "created")
                    + " (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + ")");
        }
        return dir;
    }

    public static Path pathOption(CommandLine line, String name, Path fallback) {
        return line.hasOption(name) ? path("--" + name, line.getOptionValue(name)) : fallback;
    }

    /** {@code value} as a path; one that the file system cannot name is a usage error naming {@code what}. */
    public static Path path(String what, String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new UsageException(what + ": not a valid path: " + e.getMessage());
        }
    }

    /** The {@code --executor} option every training command takes. */
    public static org.apache.commons.cli.Option executorOption() {
        return org.apache.commons.cli.Option.builder().longOpt("executor").hasArg().argName("SPEC")
                .desc("where queries run: local[:threads] (default: local with --threads) or cluster:host[:port],..."
                        + " (members started with 'deepzero worker')").build();
    }

    /**
     * The {@code --executor} value, checked ({@code local:} with {@code --threads} when absent).
     *
     * @throws org.deepzero.common.InputException one line naming --executor when malformed
     */
    public static String executor(CommandLine line) {
        String spec = line.hasOption("executor") ? line.getOptionValue("executor")
                : "local:" + intOption(line, "threads", Runtime.getRuntime().availableProcessors(), 1);
        org.deepzero.zo.query.QueryExecutors.validate(spec, "--executor");
        return spec;
    }
}
