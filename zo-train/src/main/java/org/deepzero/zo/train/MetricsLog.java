package org.deepzero.zo.train;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON-lines metrics log: one JSON object per step, flushed as it is written so that a crash loses
 * at most the line being written. Keys: {@code step} (steps completed), {@code total_steps},
 * {@code loss}, {@code lr}, {@code step_queries}, {@code queries} (cumulative), {@code wall_s}
 * (cumulative), then the step's extra metrics. NaN and infinities are written as {@code null}.
 * <p>
 * On resume the log is first cut back to the checkpoint's step (see {@link #resume}), so that the
 * steps replayed after a crash appear once.
 */
public final class MetricsLog implements TrainingListener, Closeable {

    private static final Set<String> RESERVED =
            Set.of("step", "total_steps", "loss", "lr", "step_queries", "queries", "wall_s");
    private static final Pattern STEP = Pattern.compile("^\\{\"step\":(\\d+)[,}]");

    private final Path file;
    private final BufferedWriter out;

    private MetricsLog(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    /** Starts a new log at {@code file}, replacing any old one. */
    public static MetricsLog create(Path file) {
        try {
            createParent(file);
            return new MetricsLog(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create metrics log " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Continues the log at {@code file} after a resume from step {@code completedSteps}: lines of later
     * steps (written after that checkpoint, before the interruption) are dropped, atomically, and new
     * lines are appended. A missing file is created.
     */
    public static MetricsLog resume(Path file, int completedSteps) {
        try {
            createParent(file);
            if (Files.exists(file)) {
                List<String> kept = new ArrayList<>();
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    Matcher m = STEP.matcher(line);
                    // a torn last line (no step, or no closing brace) is dropped as well
                    if (m.find() && line.endsWith("}") && Long.parseLong(m.group(1)) <= completedSteps) {
                        kept.add(line);
                    }
                }
                Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName() + ".", ".tmp");
                Files.write(tmp, kept, StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return new MetricsLog(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reopen metrics log " + file + ": " + e.getMessage(), e);
        }
    }

    /** The log file. */
    public Path file() {
        return file;
    }

    /** Appends one line for {@code report}. */
    @Override
    public void onStep(StepReport report) {
        append(report);
    }

    /**
     * Appends one line for {@code report} and flushes it.
     *
     * @throws IllegalArgumentException if an extra metric reuses a reserved key such as {@code loss}
     */
    public void append(StepReport report) {
        StringBuilder b = new StringBuilder(160);
        b.append("{\"step\":").append(report.step())
                .append(",\"total_steps\":").append(report.totalSteps())
                .append(",\"loss\":").append(Json.number(report.loss()))
                .append(",\"lr\":").append(Json.number(report.learningRate()))
                .append(",\"step_queries\":").append(report.queries())
                .append(",\"queries\":").append(report.totalQueries())
                .append(",\"wall_s\":").append(Json.number(report.wallSeconds()));
        for (Map.Entry<String, Double> e : report.metrics().entrySet()) {
            if (RESERVED.contains(e.getKey())) {
                throw new IllegalArgumentException("metric name '" + e.getKey() + "' is reserved by the metrics log");
            }
            b.append(',').append(Json.string(e.getKey())).append(':').append(Json.number(e.getValue()));
        }
        b.append('}');
        try {
            out.write(b.toString());
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics log " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close metrics log " + file + ": " + e.getMessage(), e);
        }
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
