package org.deepzero.coupling.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.deepzero.common.AtomicFiles;
import org.deepzero.common.Json;

/**
 * Which parameters a training run kept ({@code selection.json} in its run folder): the step whose
 * validation error was lowest, or the starting parameters (step 0) when no validation beat them.
 *
 * @param selectedStep   step after which the kept parameters were taken; 0 = the starting parameters
 * @param steps          steps the run made
 * @param startValMae    validation MAE of the starting parameters
 * @param selectedValMae validation MAE of the kept parameters
 */
public record Selection(int selectedStep, int steps, double startValMae, double selectedValMae) {
    /** File name in a run folder. */
    public static final String FILE = "selection.json";

    public Selection {
        if (selectedStep < 0 || selectedStep > steps) {
            throw new IllegalArgumentException("selected step " + selectedStep + " outside [0, " + steps + "]");
        }
    }

    /** Whether the run kept its starting parameters (nothing it trained validated better). */
    public boolean keptStart() {
        return selectedStep == 0;
    }

    /** Writes {@code dir/selection.json}. */
    public void write(Path dir) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("selected_step", selectedStep);
        doc.put("steps", steps);
        doc.put("start_val_mae", startValMae);
        doc.put("selected_val_mae", selectedValMae);
        try {
            AtomicFiles.write(dir.resolve(FILE), out -> Json.pretty().writeValue(out, doc));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
        }
    }

    /** The selection of the run in {@code dir}, if it wrote one. */
    public static Optional<Selection> read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Map<?, ?> m = Json.pretty().readValue(file.toFile(), Map.class);
            return Optional.of(new Selection(((Number) m.get("selected_step")).intValue(),
                    ((Number) m.get("steps")).intValue(), ((Number) m.get("start_val_mae")).doubleValue(),
                    ((Number) m.get("selected_val_mae")).doubleValue()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
