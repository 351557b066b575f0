package org.deepzero.coupling.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepzero.common.AtomicFiles;
import org.deepzero.common.Json;
import org.deepzero.coupling.eval.MethodErrors;

/**
 * The numbers of a report as one JSON document ({@code summary.json}): provenance, and for every
 * method its mean error over all test rollouts and steps, the 95% interval, the change against
 * SRC and the paired difference against NON. {@code deepzero compare} prints it as a table.
 *
 * @param provenance case, hashes, seeds, versions, settings
 * @param methods    one row per method, in report order
 */
public record Summary(Map<String, Object> provenance, List<Row> methods) {

    /**
     * @param method        the method
     * @param meanMae       mean over rollouts and steps of the velocity MAE
     * @param halfWidth95   half-width of its 95% t-interval over rollouts
     * @param changeVsSrc   relative change of meanMae against SRC (−0.3 = 30% lower), NaN without SRC
     * @param diffVsNon     mean paired difference of rollout errors against NON (negative = better)
     * @param diffVsNonHalfWidth95 its 95% half-width
     * @param finalStepMae  MAE after the last step, averaged over rollouts
     * @param rolloutMeans  each rollout's mean error, in rollout order
     */
    public record Row(String method, double meanMae, double halfWidth95, double changeVsSrc, double diffVsNon,
                      double diffVsNonHalfWidth95, double finalStepMae, double[] rolloutMeans) {
    }


    /** Builds the rows from the evaluated methods ({@code src} and {@code non} serve as references when present). */
    public static Summary of(Map<String, Object> provenance, List<MethodErrors> errors) {
        MethodErrors src = find(errors, "src");
        MethodErrors non = find(errors, "non");
        List<Row> rows = new ArrayList<>();
        for (MethodErrors e : errors) {
            double mean = e.mean();
            double change = src == null ? Double.NaN : mean / src.mean() - 1;
            double[] diff = non == null ? new double[] {Double.NaN, Double.NaN} : e.pairedDifference(non);
            double[] perStep = e.meanPerStep();
            rows.add(new Row(e.method(), mean, e.halfWidth95(), change, diff[0], diff[1],
                    perStep[perStep.length - 1], e.rolloutMeans()));
        }
        return new Summary(new LinkedHashMap<>(provenance), rows);
    }

    private static MethodErrors find(List<MethodErrors> errors, String method) {
        return errors.stream().filter(e -> e.method().equals(method)).findFirst().orElse(null);
    }

    /** Writes {@code summary.json}. NaN values are written as null. */
    public void write(Path file) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("provenance", provenance);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row r : methods) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", r.method());
            m.put("mean_mae", num(r.meanMae()));
            m.put("ci95_half_width", num(r.halfWidth95()));
            m.put("change_vs_src", num(r.changeVsSrc()));
            m.put("paired_diff_vs_non", num(r.diffVsNon()));
            m.put("paired_diff_vs_non_ci95_half_width", num(r.diffVsNonHalfWidth95()));
            m.put("final_step_mae", num(r.finalStepMae()));
            m.put("rollout_mean_mae", r.rolloutMeans());
            rows.add(m);
        }
        doc.put("methods", rows);
        AtomicFiles.write(file, out -> Json.pretty().writeValue(out, doc));
    }

    /** Reads the rows of a {@code summary.json} back (for {@code deepzero compare}). */
    @SuppressWarnings("unchecked")
    public static Summary read(Path file) throws IOException {
        Map<String, Object> doc = Json.pretty().readValue(file.toFile(), Map.class);
        List<Row> rows = new ArrayList<>();
        for (Map<String, Object> m : (List<Map<String, Object>>) doc.get("methods")) {
            List<Number> means = (List<Number>) m.get("rollout_mean_mae");
            rows.add(new Row((String) m.get("method"), dbl(m.get("mean_mae")), dbl(m.get("ci95_half_width")),
                    dbl(m.get("change_vs_src")), dbl(m.get("paired_diff_vs_non")),
                    dbl(m.get("paired_diff_vs_non_ci95_half_width")), dbl(m.get("final_step_mae")),
                    means.stream().mapToDouble(Number::doubleValue).toArray()));
        }
        return new Summary((Map<String, Object>) doc.get("provenance"), rows);
    }

    /** A fixed-width text table of the rows. */
    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(java.util.Locale.ROOT, "%-14s %10s %10s %9s %18s %10s%n", "method", "mean MAE", "±95%",
                "vs SRC", "vs NON (paired)", "last step"));
        for (Row r : methods) {
            b.append(String.format(java.util.Locale.ROOT, "%-14s %10.5f %10.5f %9s %18s %10.5f%n", r.method(),
                    r.meanMae(), r.halfWidth95(), pct(r.changeVsSrc()),
                    Double.isNaN(r.diffVsNon()) ? "-" : String.format(java.util.Locale.ROOT, "%+.5f±%.5f",
                            r.diffVsNon(), r.diffVsNonHalfWidth95()), r.finalStepMae()));
        }
        return b.toString();
    }

    static String pct(double change) {
        return Double.isNaN(change) ? "-" : String.format(java.util.Locale.ROOT, "%+.1f%%", 100 * change);
    }

    private static Object num(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static double dbl(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }
}
