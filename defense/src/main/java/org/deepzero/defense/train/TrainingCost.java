package org.deepzero.defense.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.deepzero.common.AtomicFiles;
import org.deepzero.common.Json;

/**
 * What a finished fine-tuning cost, kept as {@code cost.json} beside its parameters, so that a later
 * {@code certify} that reads the run back still reports the queries and time it took.
 *
 * @param blackBoxQueries images sent to F by the session that finished the run
 * @param wallSeconds     wall time of the fine-tuning, earlier sessions of a resumed run included
 * @param steps           fine-tuning steps
 * @param resumed         whether the finishing session continued an earlier one (whose queries are then not
 *                        included)
 */
public record TrainingCost(long blackBoxQueries, double wallSeconds, int steps, boolean resumed) {
    static final String FILE = "cost.json";

    void save(Path runFolder) {
        try {
            AtomicFiles.writeString(runFolder.resolve(FILE), Json.pretty().writeValueAsString(this));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + runFolder.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    static Optional<TrainingCost> load(Path runFolder) {
        Path file = runFolder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(file.toFile(), TrainingCost.class));
        } catch (IOException e) {
            return Optional.empty(); // a damaged record only loses the figure, never the run
        }
    }
}
