package org.deepzero.coupling.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deepzero.common.Json;
import org.deepzero.coupling.report.TrainingReport;

/** Reads a run's validation curve from its {@code metrics.jsonl}. */
public final class ValidationCurve {
    private ValidationCurve() {
    }

    /**
     * The validations of the run in {@code dir} against cumulative queries ({@code byQueries}) or steps,
     * starting with the starting parameters at cost 0; empty when the run left no metrics.
     *
     * @param startValMae validation MAE of the starting parameters
     */
    public static Optional<TrainingReport.Curve> read(Path dir, boolean byQueries, double startValMae) {
        Path file = dir.resolve("metrics.jsonl");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {0, startValMae});
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = Json.mapper().readTree(line);
                if (n.hasNonNull("val_mae")) {
                    points.add(new double[] {n.get(byQueries ? "queries" : "step").asDouble(), n.get("val_mae").asDouble()});
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return Optional.of(new TrainingReport.Curve(byQueries ? "queries" : "steps",
                points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray()));
    }
}
