package org.deepzero.coupling.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.deepzero.coupling.eval.MethodErrors;

/**
 * Two runs of one case side by side ({@code deepzero compare <run-a> <run-b>}): per method each run's
 * mean MAE with its 95% interval over rollouts, and the difference B − A with its 95% interval,
 * paired by rollout when both runs evaluated the method on the same rollouts (same parameters and
 * start frames: the rollouts then differ only by the corrector), Welch's unequal-variance interval
 * otherwise.
 *
 * @param rows one per method of either run, run A's order first
 */
public record RunComparison(List<Row> rows) {

    /** How a difference was tested. */
    public enum Test {
        /** the same rollouts in both runs: a t interval of the per-rollout differences */
        PAIRED,
        /** other rollouts: Welch's interval of the difference of means */
        WELCH,
        /** the method is in one run only */
        NONE
    }

    /**
     * @param method      the method
     * @param a           its errors in run A, or null
     * @param b           its errors in run B, or null
     * @param diff        mean MAE of B minus that of A (negative: B is better); NaN unless in both
     * @param halfWidth95 the 95% half-width of {@code diff}
     * @param test        how it was tested
     */
    public record Row(String method, MethodErrors a, MethodErrors b, double diff, double halfWidth95, Test test) {
    }

    /** Copies the rows. */
    public RunComparison {
        rows = List.copyOf(rows);
    }

    /**
     * @param a every method's errors in run A ({@link RolloutsCsv#read})
     * @param b the same for run B
     * @return the comparison
     */
    public static RunComparison of(List<MethodErrors> a, List<MethodErrors> b) {
        Set<String> methods = new LinkedHashSet<>();
        a.forEach(e -> methods.add(e.method()));
        b.forEach(e -> methods.add(e.method()));
        List<Row> rows = new ArrayList<>();
        for (String m : methods) {
            MethodErrors ea = find(a, m), eb = find(b, m);
            if (ea == null || eb == null) {
                rows.add(new Row(m, ea, eb, Double.NaN, Double.NaN, Test.NONE));
            } else if (ea.rollouts().equals(eb.rollouts())) {
                double[] d = eb.pairedDifference(ea);
                rows.add(new Row(m, ea, eb, d[0], d[1], Test.PAIRED));
            } else {
                double[] d = eb.welchDifference(ea);
                rows.add(new Row(m, ea, eb, d[0], d[1], Test.WELCH));
            }
        }
        return new RunComparison(rows);
    }

    private static MethodErrors find(List<MethodErrors> errors, String method) {
        return errors.stream().filter(e -> e.method().equals(method)).findFirst().orElse(null);
    }

    /** A fixed-width text table; {@code -} where a method is missing from a run. */
    public String table() {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%-14s %20s %20s %24s %7s%n", "method", "A: mean MAE ±95%",
                "B: mean MAE ±95%", "B − A ±95%", "test"));
        for (Row r : rows) {
            t.append(String.format(Locale.ROOT, "%-14s %20s %20s %24s %7s%n", r.method(), cell(r.a()), cell(r.b()),
                    r.test() == Test.NONE ? "-" : String.format(Locale.ROOT, "%+.5f ± %.5f (%s)", r.diff(),
                            r.halfWidth95(), Summary.pct(r.diff() / r.a().mean())),
                    r.test() == Test.NONE ? "-" : r.test().name().toLowerCase(Locale.ROOT)));
        }
        return t.toString();
    }

    private static String cell(MethodErrors e) {
        return e == null ? "-" : String.format(Locale.ROOT, "%.5f ± %.5f", e.mean(), e.halfWidth95());
    }
}
