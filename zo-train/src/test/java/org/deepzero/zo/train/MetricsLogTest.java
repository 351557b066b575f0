package org.deepzero.zo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {

    @TempDir
    Path dir;

    private static StepReport report(int step, Map<String, Double> metrics) {
        return new StepReport(step, 10, 0.25 * step, 0.01, 5, 5L * step, 0.5 * step, metrics);
    }

    @Test
    void writesOneJsonObjectPerLine() throws IOException {
        Path file = dir.resolve("sub/metrics.jsonl");
        Map<String, Double> extra = new LinkedHashMap<>();
        extra.put("val acc \"top1\"", 0.5);
        extra.put("nan", Double.NaN);
        try (MetricsLog log = MetricsLog.create(file)) {
            log.append(report(1, Map.of()));
            log.append(report(2, extra));
        }
        assertEquals(List.of(
                "{\"step\":1,\"total_steps\":10,\"loss\":0.25,\"lr\":0.01,\"step_queries\":5,\"queries\":5,\"wall_s\":0.5}",
                "{\"step\":2,\"total_steps\":10,\"loss\":0.5,\"lr\":0.01,\"step_queries\":5,\"queries\":10,\"wall_s\":1,"
                        + "\"val acc \\\"top1\\\"\":0.5,\"nan\":null}"),
                Files.readAllLines(file));
    }

    @Test
    void resumeDropsLinesAfterTheCheckpointAndTornLines() throws IOException {
        Path file = dir.resolve("m.jsonl");
        try (MetricsLog log = MetricsLog.create(file)) {
            for (int s = 1; s <= 6; s++) {
                log.append(report(s, Map.of()));
            }
        }
        Files.writeString(file, "{\"step\":7,\"total_st", java.nio.file.StandardOpenOption.APPEND);
        try (MetricsLog log = MetricsLog.resume(file, 4)) {
            log.append(report(5, Map.of()));
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(5, lines.size());
        assertEquals(lines.get(4), "{\"step\":5,\"total_steps\":10,\"loss\":1.25,\"lr\":0.01,\"step_queries\":5,"
                + "\"queries\":25,\"wall_s\":2.5}");
    }

    @Test
    void reservedMetricNamesAreRejected() {
        try (MetricsLog log = MetricsLog.create(dir.resolve("r.jsonl"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> log.append(report(1, Map.of("loss", 1.0))));
            assertEquals("metric name 'loss' is reserved by the metrics log", e.getMessage());
        }
    }
}
