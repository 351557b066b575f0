package org.deepzero.coupling.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepzero.common.InputException;
import org.deepzero.coupling.eval.MethodErrors;

/**
 * Reads a report's {@code rollouts.csv} (written by {@link ReportWriter}) back for
 * {@code deepzero compare}: every test rollout's error after every step, one row each, with the
 * columns {@code method}, then the columns that say which rollout it is (one per case parameter,
 * named as in the case file, e.g. {@code reynolds}; any other identifying column the report adds is
 * read the same way), then {@code start_frame}, {@code step} (1 to n) and {@code mae}.
 */
public final class RolloutsCsv {
    /** The file name inside a report folder. */
    public static final String FILE = "rollouts.csv";

    private RolloutsCsv() {
    }

    /**
     * Reads the errors, one {@link MethodErrors} per method in file order. A rollout is labelled by
     * its identifying columns and start frame as written (e.g. {@code reynolds=120.0 start_frame=40}),
     * so two files label the same rollout alike.
     *
     * @throws InputException naming the file and line of the first thing that is not as written
     */
    public static List<MethodErrors> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException | RuntimeException e) {
            throw new InputException(file, null, "cannot be read as text (" + e.getMessage() + ")");
        }
        if (lines.isEmpty()) {
            throw new InputException(file, "line 1", "empty, expected the header method,...,start_frame,step,mae");
        }
        String[] header = lines.get(0).split(",", -1);
        int n = header.length;
        if (n < 5 || !header[0].equals("method") || !header[n - 3].equals("start_frame")
                || !header[n - 2].equals("step") || !header[n - 1].equals("mae")) {
            throw new InputException(file, "line 1", "header is not method,<parameters>,start_frame,step,mae: '"
                    + lines.get(0) + "'");
        }
        // method -> rollout label -> errors by step, in file order
        Map<String, Map<String, List<Double>>> rows = new LinkedHashMap<>();
        for (int l = 1; l < lines.size(); l++) {
            if (lines.get(l).isEmpty() && l == lines.size() - 1) {
                break;
            }
            String where = "line " + (l + 1);
            String[] f = lines.get(l).split(",", -1);
            if (f.length != n) {
                throw new InputException(file, where, f.length + " fields, the header has " + n);
            }
            StringBuilder label = new StringBuilder();
            for (int c = 1; c < n - 2; c++) {
                label.append(c > 1 ? " " : "").append(header[c]).append('=').append(f[c]);
            }
            List<Double> steps = rows.computeIfAbsent(f[0], m -> new LinkedHashMap<>())
                    .computeIfAbsent(label.toString(), k -> new ArrayList<>());
            long step;
            double mae;
            try {
                step = Long.parseLong(f[n - 2]);
                mae = Double.parseDouble(f[n - 1]);
            } catch (NumberFormatException e) {
                throw new InputException(file, where, "step or mae is not a number: '" + lines.get(l) + "'");
            }
            if (step != steps.size() + 1) {
                throw new InputException(file, where, "step " + step + " of " + f[0] + " " + label
                        + " follows step " + steps.size());
            }
            if (!(mae >= 0) || Double.isInfinite(mae)) {
                throw new InputException(file, where, "mae " + f[n - 1] + " is not a finite error >= 0");
            }
            steps.add(mae);
        }
        if (rows.isEmpty()) {
            throw new InputException(file, "line 2", "no rollouts");
        }
        List<MethodErrors> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<Double>>> m : rows.entrySet()) {
            List<String> labels = new ArrayList<>(m.getValue().keySet());
            double[][] mae = m.getValue().values().stream()
                    .map(s -> s.stream().mapToDouble(Double::doubleValue).toArray()).toArray(double[][]::new);
            try {
                out.add(new MethodErrors(m.getKey(), labels, mae));
            } catch (IllegalArgumentException e) {
                throw new InputException(file, "method " + m.getKey(), e.getMessage());
            }
        }
        return out;
    }
}
