package org.deepzero.coupling.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deepzero.coupling.eval.Evaluation;
import org.deepzero.coupling.eval.PhysicsComparison;

/** The report's {@code index.html}: one self-contained page that links only files in its folder. */
final class Html {
    private Html() {
    }

    static String page(Summary summary, Evaluation<?> ev, List<String> images, String picture) {
        return page(summary, ev, images, picture, TrainingReport.empty());
    }

    static String page(Summary summary, Evaluation<?> ev, List<String> images, String picture,
                       TrainingReport training) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<title>DeepZero-J report</title>\n<style>")
                .append("body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}")
                .append("table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #ddd;")
                .append("text-align:right}th:first-child,td:first-child{text-align:left}")
                .append("img{max-width:100%}code{background:#f4f4f4;padding:1px 4px}</style></head><body>\n");
        Object name = summary.provenance().getOrDefault("case", "case");
        int seeds = ev.seeds().values().stream().mapToInt(List::size).max().orElse(1);
        b.append("<h1>Solver-in-the-loop report: ").append(esc(String.valueOf(name))).append("</h1>\n");
        b.append("<p>Coarse rollouts of ").append(ev.rollouts().steps()).append(" steps from ")
                .append(ev.rollouts().starts().size()).append(" held-out starts (")
                .append(esc(ev.rollouts().starts().stream().map(s -> s.label()).toList().toString()))
                .append("), each trained method with ").append(seeds).append(seeds == 1 ? " seed" : " seeds")
                .append(". Error: mean absolute error of the state over its open entries, against the "
                        + "fine reference restricted to the coarse grid. Intervals: 95% Student-t over training seeds "
                        + "and test rollouts together (two-way random effects, Satterthwaite degrees of freedom; "
                        + "one seed: over rollouts); S x T gives the seeds and rollouts behind each. Starts marked "
                        + "#k are independent trajectories (initial perturbation k); starts without it are windows "
                        + "of one trajectory and not independent. \"vs NON\" is the paired difference of rollout "
                        + "means, seed by seed (negative = better); \"per seed\" gives it for each seed alone.</p>\n");
        String group = null;
        for (Summary.Row r : summary.methods()) {
            if (!r.group().equals(group)) {
                if (group != null) {
                    b.append("</table>\n");
                }
                group = r.group();
                b.append("<h3>").append(group.equals(Summary.ALL) ? "All test rollouts" : esc(group)).append("</h3>\n");
                b.append("<table><tr><th>method</th><th>mean MAE</th><th>±95%</th><th>S x T</th><th>vs SRC</th>"
                        + "<th>vs NON (paired)</th><th>vs NON per seed</th><th>MAE at last step</th></tr>\n");
            }
            StringBuilder perSeed = new StringBuilder();
            for (double[] d : r.diffVsNonPerSeed()) {
                perSeed.append(perSeed.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT, "%+.5f ± %.5f",
                        d[0], d[1]));
            }
            b.append("<tr><td>").append(esc(r.method())).append("</td><td>").append(f(r.meanMae()))
                    .append("</td><td>").append(f(r.halfWidth95())).append("</td><td>")
                    .append(r.seeds()).append(" x ").append(r.trajectories()).append("</td><td>")
                    .append(Summary.pct(r.changeVsSrc())).append("</td><td>")
                    .append(Double.isNaN(r.diffVsNon()) ? "-" : String.format(Locale.ROOT, "%+.5f ± %.5f",
                            r.diffVsNon(), r.diffVsNonHalfWidth95()))
                    .append("</td><td>").append(r.seeds() > 1 ? perSeed : "").append("</td><td>")
                    .append(f(r.finalStepMae())).append("</td></tr>\n");
        }
        b.append("</table>\n");
        selection(b, training);
        if (!summary.physics().isEmpty()) {
            b.append("<h2>Physics of the rollouts</h2>\n<p>Each method's rollouts against the reference over the ")
                    .append(ev.rollouts().physicsSteps()).append(" steps of the physics record (means over seeds and "
                            + "rollouts; the PDE decides the quantities). For the wake, the Strouhal number is "
                            + "measured from the probe's cross-stream velocity as the solver's Strouhal test measures "
                            + "it; below about 2 recorded shedding periods it is not resolved.</p>\n");
            group = null;
            for (PhysicsComparison.Row p : summary.physics()) {
                if (!p.group().equals(group)) {
                    if (group != null) {
                        b.append("</table>\n");
                    }
                    group = p.group();
                    b.append("<h3>").append(group.equals(Summary.ALL) ? "All test rollouts" : esc(group))
                            .append("</h3>\n<table><tr><th>method</th><th>quantity</th><th>method</th>"
                                    + "<th>reference</th><th>difference</th><th>samples</th></tr>\n");
                }
                b.append("<tr><td>").append(esc(p.method())).append("</td><td>").append(esc(p.quantity()))
                        .append("</td><td>").append(String.format(Locale.ROOT, "%.4g", p.value())).append("</td><td>")
                        .append(String.format(Locale.ROOT, "%.4g", p.reference())).append("</td><td>")
                        .append(Summary.pct(p.relativeDifference())).append("</td><td>").append(p.samples())
                        .append("</td></tr>\n");
            }
            b.append("</table>\n");
        }
        b.append("<h2>Error against step</h2>\n<img src=\"error.png\" alt=\"MAE against step\">\n");
        b.append("<h2>").append(esc(picture)).append(" and difference maps (method minus reference)</h2>\n");
        for (String img : images) {
            b.append("<p><img src=\"").append(esc(img)).append("\" alt=\"").append(esc(img)).append("\"></p>\n");
        }
        b.append("<h2>Files</h2>\n<ul><li><code>summary.json</code>: every number above, with provenance</li>")
                .append("<li><code>summary.csv</code>: every row of the tables with its seeds, rollouts and samples;"
                        + " <code>physics.csv</code>: the physics table</li>")
                .append("<li><code>errors.csv</code>: mean MAE per step and method</li>")
                .append("<li><code>rollouts.csv</code>: each rollout's MAE after each step</li>")
                .append("<li><code>fields/&lt;method&gt;/*.xdmf</code>, <code>fields/reference/*.xdmf</code>: ")
                .append("the coarse fields of every test rollout (XDMF index over HDF5 parts, float32, the solver's ")
                .append("trajectory layout; open the .xdmf file in ParaView or VisIt)</li></ul>\n");
        b.append("<h2>Provenance</h2>\n<table>");
        for (Map.Entry<String, Object> e : summary.provenance().entrySet()) {
            b.append("<tr><td>").append(esc(e.getKey())).append("</td><td style=\"text-align:left\">")
                    .append(esc(String.valueOf(e.getValue()))).append("</td></tr>");
        }
        b.append("</table>\n</body></html>\n");
        return b.toString();
    }

    /** Which parameters each method kept, in numbers and in words, and the validation curves. */
    private static void selection(StringBuilder b, TrainingReport training) {
        if (!training.selection().isEmpty()) {
            b.append("<h2>Selected parameters</h2>\n<p>Each method keeps the parameters with the lowest validation "
                    + "MAE (long rollouts at the training parameters), or its starting parameters when no validation "
                    + "beat them. Test MAE of the kept parameters (the table above) beside that of the parameters "
                    + "after the last step.</p>\n<table><tr><th>method</th><th>kept step</th><th>validation MAE "
                    + "start</th><th>validation MAE kept</th><th>test MAE kept</th><th>test MAE final</th>"
                    + "<th>selection</th></tr>\n");
            for (TrainingReport.SelectionRow r : training.selection()) {
                b.append("<tr><td>").append(esc(r.method())).append("</td><td>").append(r.selectedStep())
                        .append(" / ").append(r.steps()).append("</td><td>").append(f(r.startValMae()))
                        .append("</td><td>").append(f(r.selectedValMae())).append("</td><td>")
                        .append(f(r.testSelected())).append("</td><td>").append(f(r.testFinal()))
                        .append("</td><td style=\"text-align:left\">").append(esc(r.inWords())).append("</td></tr>\n");
            }
            b.append("</table>\n");
        }
        if (!training.curves().isEmpty()) {
            b.append("<h2>Validation MAE against queries</h2>\n<p>Zeroth-order methods against their cumulative "
                    + "objective queries (each a coupled rollout of the training windows; ZO-GraSP's scoring queries "
                    + "not counted); NON, trained by autodiff without queries, against its Adam steps.</p>\n"
                    + "<img src=\"validation.png\" alt=\"validation MAE against queries\">\n");
        }
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.5f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
