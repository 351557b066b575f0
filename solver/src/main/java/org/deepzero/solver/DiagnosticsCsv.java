package org.deepzero.solver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.deepzero.common.AtomicFiles;

/**
 * The {@code diagnostics.csv} of {@code deepzero simulate}: one row of a PDE's diagnostics per step,
 * the names of the first row as the header, values with 9 significant digits. Not thread-safe.
 */
public final class DiagnosticsCsv {
    private final StringBuilder csv = new StringBuilder();

    /**
     * Adds a row (and the header, before the first).
     *
     * @param d the diagnostics of one step ({@link Pde#diagnostics}), always the same names
     */
    public void add(Map<String, Double> d) {
        if (csv.length() == 0) {
            csv.append(String.join(",", d.keySet())).append('\n');
        }
        StringBuilder row = new StringBuilder();
        for (double v : d.values()) {
            row.append(row.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.9g", v));
        }
        csv.append(row).append('\n');
    }

    /**
     * Writes the rows so far atomically; nothing when there are none.
     *
     * @param file the CSV file
     */
    public void write(Path file) {
        if (csv.length() == 0) {
            return;
        }
        try {
            AtomicFiles.writeString(file, csv.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
