package org.deepzero.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.deepzero.solver.ProgressListener;

/** Progress of long work as lines on standard error, so standard output carries only results. */
final class ProgressLine {
    private ProgressLine() {
    }

    /** A solver listener printing about {@code lines} lines per stage. */
    static ProgressListener solver(PrintStream err, int lines) {
        return (stage, done, total, d) -> {
            long every = Math.max(1, total / lines);
            if (done % every == 0 || done == total) {
                err.println(String.format(Locale.ROOT, "%s %d/%d%s", stage, done, total, brief(d)));
            }
        };
    }

    private static String brief(Map<String, Double> d) {
        if (d == null || d.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (String k : new String[] {"kineticEnergy", "maxDivergence", "liftCoefficient"}) {
            Double v = d.get(k);
            if (v != null) {
                b.append(String.format(Locale.ROOT, "  %s %.4g", k, v));
            }
        }
        return b.toString();
    }
}
