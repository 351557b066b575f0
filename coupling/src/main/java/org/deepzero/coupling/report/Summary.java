package org.deepzero.coupling.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deepzero.common.AtomicFiles;
import org.deepzero.common.Json;
import org.deepzero.coupling.eval.PhysicsComparison;
import org.deepzero.coupling.eval.ReplicatedErrors;
import org.deepzero.coupling.eval.TwoWayInterval;

/**
 * The numbers of a report as one JSON document ({@code summary.json}): provenance; for every group
 * of test rollouts (all of them, each test parameter set, the interpolation and the extrapolation
 * ones) and every method the mean error over its training seeds and the group's rollouts, the 95%
 * interval over both ({@link TwoWayInterval}) with the number of independent samples behind it,
 * the change against SRC and the paired difference against NON (over seeds and rollouts, and for
 * each seed alone); and the physics of each method against the reference ({@link PhysicsComparison}).
 * {@code deepzero compare} prints it as a table.
 *
 * @param provenance case, hashes, seeds, versions, settings
 * @param methods    one row per group and method, groups in report order ({@code all} first), methods in report order
 * @param physics    the physics rows (empty when the PDE reports none)
 */
public record Summary(Map<String, Object> provenance, List<Row> methods, List<PhysicsComparison.Row> physics) {

    /** The group of all test rollouts. */
    public static final String ALL = "all";

    /**
     * @param group         {@value #ALL}, a test parameter set's label, {@code interpolation} or {@code extrapolation}
     * @param method        the method
     * @param seeds         training seeds S behind the numbers (1 for SRC)
     * @param trajectories  test rollouts T in the group (each evaluated for every seed)
     * @param meanMae       mean over seeds, rollouts and steps of the velocity MAE
     * @param halfWidth95   half-width of its 95% interval over seeds and rollouts
     * @param dof           degrees of freedom of that interval's t quantile
     * @param changeVsSrc   relative change of meanMae against SRC on the same rollouts (−0.3 = 30% lower), NaN without SRC
     * @param diffVsNon     mean paired difference of rollout errors against NON, seed by seed (negative = better)
     * @param diffVsNonHalfWidth95 its 95% half-width over seeds and rollouts
     * @param diffVsNonPerSeed for each seed, {mean, 95% half-width over rollouts} of the paired difference
     * @param finalStepMae  MAE after the last step, averaged over seeds and rollouts
     * @param rolloutMeans  each rollout's mean error, seed by seed ({@code seeds x trajectories} values)
     */
    public record Row(String group, String method, int seeds, int trajectories, double meanMae, double halfWidth95,
                      double dof, double changeVsSrc, double diffVsNon, double diffVsNonHalfWidth95,
                      double[][] diffVsNonPerSeed, double finalStepMae, double[] rolloutMeans) {
        /** The rows of the {@value #ALL} group are the headline. */
        public boolean headline() {
            return group.equals(ALL);
        }
    }

    /**
     * Builds the rows ({@code src} and {@code non} serve as references when present).
     *
     * @param groups group name to rollout indices, in report order; must include {@value #ALL}
     */
    public static Summary of(Map<String, Object> provenance, List<ReplicatedErrors> errors, Map<String, int[]> groups,
                             List<PhysicsComparison.Row> physics) {
        ReplicatedErrors src = find(errors, "src");
        ReplicatedErrors non = find(errors, "non");
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, int[]> g : groups.entrySet()) {
            int[] idx = g.getValue();
            for (ReplicatedErrors e : errors) {
                TwoWayInterval ci = e.interval(idx);
                double change = src == null ? Double.NaN : ci.mean() / src.interval(idx).mean() - 1;
                double diff = Double.NaN, diffHw = Double.NaN;
                double[][] perSeed = new double[0][];
                if (non != null) {
                    TwoWayInterval d = e.pairedDifference(non, idx);
                    diff = d.mean();
                    diffHw = d.halfWidth95();
                    perSeed = e.pairedDifferencePerSeed(non, idx).stream()
                            .map(x -> new double[] {x.mean(), x.halfWidth95()}).toArray(double[][]::new);
                }
                double[] perStep = g.getKey().equals(ALL) ? e.meanPerStep() : e.meanPerStep(idx);
                double[][] m = e.matrix(idx);
                double[] flat = java.util.Arrays.stream(m).flatMapToDouble(java.util.Arrays::stream).toArray();
                rows.add(new Row(g.getKey(), e.method(), ci.seeds(), ci.trajectories(), ci.mean(), ci.halfWidth95(),
                        ci.dof(), change, diff, diffHw, perSeed, perStep[perStep.length - 1], flat));
            }
        }
        return new Summary(new LinkedHashMap<>(provenance), rows, List.copyOf(physics));
    }

    /** The rows of the {@value #ALL} group, one per method. */
    public List<Row> headline() {
        return methods.stream().filter(Row::headline).toList();
    }

    private static ReplicatedErrors find(List<ReplicatedErrors> errors, String method) {
        return errors.stream().filter(e -> e.method().equals(method)).findFirst().orElse(null);
    }

    /** Writes {@code summary.json}. NaN values are written as null. */
    public void write(Path file) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("provenance", provenance);
        doc.put("intervals", "95% Student-t over training seeds and test rollouts (two-way random effects, "
                + "Satterthwaite degrees of freedom); samples = seeds x trajectories");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row r : methods) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("group", r.group());
            m.put("method", r.method());
            m.put("seeds", r.seeds());
            m.put("trajectories", r.trajectories());
            m.put("mean_mae", num(r.meanMae()));
            m.put("ci95_half_width", num(r.halfWidth95()));
            m.put("ci95_dof", num(r.dof()));
            m.put("change_vs_src", num(r.changeVsSrc()));
            m.put("paired_diff_vs_non", num(r.diffVsNon()));
            m.put("paired_diff_vs_non_ci95_half_width", num(r.diffVsNonHalfWidth95()));
            List<Map<String, Object>> perSeed = new ArrayList<>();
            for (double[] d : r.diffVsNonPerSeed()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("mean", num(d[0]));
                x.put("ci95_half_width", num(d[1]));
                perSeed.add(x);
            }
            m.put("paired_diff_vs_non_per_seed", perSeed);
            m.put("final_step_mae", num(r.finalStepMae()));
            m.put("rollout_mean_mae", r.rolloutMeans());
            rows.add(m);
        }
        doc.put("methods", rows);
        List<Map<String, Object>> phys = new ArrayList<>();
        for (PhysicsComparison.Row p : physics) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("group", p.group());
            m.put("method", p.method());
            m.put("quantity", p.quantity());
            m.put("value", num(p.value()));
            m.put("reference", num(p.reference()));
            m.put("samples", p.samples());
            phys.add(m);
        }
        doc.put("physics", phys);
        AtomicFiles.write(file, out -> Json.pretty().writeValue(out, doc));
    }

    /** Reads a {@code summary.json} back (for {@code deepzero compare}). */
    @SuppressWarnings("unchecked")
    public static Summary read(Path file) throws IOException {
        Map<String, Object> doc = Json.pretty().readValue(file.toFile(), Map.class);
        List<Row> rows = new ArrayList<>();
        for (Map<String, Object> m : (List<Map<String, Object>>) doc.get("methods")) {
            List<Number> means = (List<Number>) m.get("rollout_mean_mae");
            List<Map<String, Object>> perSeed = (List<Map<String, Object>>) m.getOrDefault("paired_diff_vs_non_per_seed",
                    List.of());
            double[][] ps = perSeed.stream().map(x -> new double[] {dbl(x.get("mean")), dbl(x.get("ci95_half_width"))})
                    .toArray(double[][]::new);
            rows.add(new Row((String) m.getOrDefault("group", ALL), (String) m.get("method"),
                    ((Number) m.getOrDefault("seeds", 1)).intValue(),
                    ((Number) m.getOrDefault("trajectories", means.size())).intValue(),
                    dbl(m.get("mean_mae")), dbl(m.get("ci95_half_width")), dbl(m.get("ci95_dof")),
                    dbl(m.get("change_vs_src")), dbl(m.get("paired_diff_vs_non")),
                    dbl(m.get("paired_diff_vs_non_ci95_half_width")), ps, dbl(m.get("final_step_mae")),
                    means.stream().mapToDouble(Number::doubleValue).toArray()));
        }
        List<PhysicsComparison.Row> phys = new ArrayList<>();
        for (Map<String, Object> m : (List<Map<String, Object>>) doc.getOrDefault("physics", List.of())) {
            phys.add(new PhysicsComparison.Row((String) m.get("group"), (String) m.get("method"),
                    (String) m.get("quantity"), dbl(m.get("value")), dbl(m.get("reference")),
                    ((Number) m.get("samples")).intValue()));
        }
        return new Summary((Map<String, Object>) doc.get("provenance"), rows, phys);
    }

    /** A fixed-width text table of the rows, group by group, then the physics. */
    public String table() {
        StringBuilder b = new StringBuilder();
        String group = null;
        for (Row r : methods) {
            if (!r.group().equals(group)) {
                group = r.group();
                b.append(String.format(Locale.ROOT, "%s%n%-14s %10s %10s %8s %9s %22s %10s%n",
                        group.equals(ALL) ? "all test rollouts" : group, "method", "mean MAE", "±95%", "S x T",
                        "vs SRC", "vs NON (paired)", "last step"));
            }
            b.append(String.format(Locale.ROOT, "%-14s %10.5f %10.5f %8s %9s %22s %10.5f%n", r.method(),
                    r.meanMae(), r.halfWidth95(), r.seeds() + "x" + r.trajectories(), pct(r.changeVsSrc()),
                    Double.isNaN(r.diffVsNon()) ? "-" : String.format(Locale.ROOT, "%+.5f±%.5f",
                            r.diffVsNon(), r.diffVsNonHalfWidth95()), r.finalStepMae()));
        }
        if (!physics.isEmpty()) {
            b.append(String.format(Locale.ROOT, "physics (method against reference, same rollouts)%n"));
            for (PhysicsComparison.Row p : physics) {
                if (p.group().equals(ALL)) {
                    b.append(String.format(Locale.ROOT, "%-14s %-16s %10.4g %10.4g %9s%n", p.method(), p.quantity(),
                            p.value(), p.reference(), pct(p.relativeDifference())));
                }
            }
        }
        return b.toString();
    }

    static String pct(double change) {
        return Double.isNaN(change) ? "-" : String.format(Locale.ROOT, "%+.1f%%", 100 * change);
    }

    private static Object num(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static double dbl(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
