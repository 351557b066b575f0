package org.deepzero.zo.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.deepzero.common.AtomicFiles;
import org.deepzero.common.CrashTestHook;
import org.deepzero.common.Json;

/**
 * A JSON-lines metrics log: one JSON object per step, flushed as it is written so that a crash loses
 * at most the line being written. Keys: {@code step} (steps completed), {@code total_steps},
 * {@code loss}, {@code lr}, {@code step_queries}, {@code queries} (cumulative), {@code wall_s}
 * (cumulative), then the step's extra metrics. NaN and infinities are written as {@code null}.
 * Written and read back with Jackson ({@link Json}).
 * <p>
 * On resume the log is first cut back to the checkpoint's step (see {@link #resume}), so that the
 * steps replayed after a crash appear once.
 */
public final class MetricsLog implements TrainingListener, Closeable {

    private static final Set<String> RESERVED =
            Set.of("step", "total_steps", "loss", "lr", "step_queries", "queries", "wall_s");

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
                    OptionalLong step = step(line);
                    // a torn last line (not a whole JSON object) is dropped as well
                    if (step.isPresent() && step.getAsLong() <= completedSteps) {
                        kept.add(line);
                    }
                }
                AtomicFiles.writeLines(file, kept);
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
        ObjectNode line = Json.mapper().createObjectNode();
        line.put("step", report.step());
        line.put("total_steps", report.totalSteps());
        putNumber(line, "loss", report.loss());
        putNumber(line, "lr", report.learningRate());
        line.put("step_queries", report.queries());
        line.put("queries", report.totalQueries());
        putNumber(line, "wall_s", report.wallSeconds());
        for (Map.Entry<String, Double> e : report.metrics().entrySet()) {
            if (RESERVED.contains(e.getKey())) {
                throw new IllegalArgumentException("metric name '" + e.getKey() + "' is reserved by the metrics log");
            }
            putNumber(line, e.getKey(), e.getValue());
        }
        try {
            String text = Json.mapper().writeValueAsString(line);
            if (CrashTestHook.watches(file)) {
                // test-only: half a line on disk while the kill -9 test may kill; the resume must drop it
                int half = text.length() / 2;
                out.write(text, 0, half);
                out.flush();
                CrashTestHook.pause(file);
                out.write(text, half, text.length() - half);
            } else {
                out.write(text);
            }
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics log " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The {@code step} of a log line read back with Jackson, or empty for a line that is not a whole
     * JSON object with an integral step (a line torn by a crash).
     */
    static OptionalLong step(String line) {
        try {
            JsonNode node = Json.mapper().readTree(line);
            JsonNode step = node == null ? null : node.get("step");
            return node != null && node.isObject() && step != null && step.canConvertToExactIntegral()
                    ? OptionalLong.of(step.asLong()) : OptionalLong.empty();
        } catch (JsonProcessingException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * A number as JSON writes it: NaN and infinities, which JSON cannot express, become null; whole
     * values are written without a fraction (1, not 1.0), as the log always has.
     */
    private static void putNumber(ObjectNode line, String key, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            line.putNull(key);
        } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            line.put(key, (long) v);
        } else {
            line.put(key, v);
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
