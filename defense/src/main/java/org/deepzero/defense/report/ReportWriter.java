package org.deepzero.defense.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.deepzero.common.AtomicFiles;
import org.deepzero.common.Json;
import org.deepzero.common.LinePlot;
import org.deepzero.defense.certify.CertifiedAccuracy;
import org.deepzero.defense.certify.ImageCertificate;

/**
 * The report folder of a certification: {@code index.html} (table and plot, opens without network),
 * {@code certified-accuracy.png} (certified accuracy against radius, all methods), {@code summary.json}
 * (every number with provenance) and {@code certify-<method>.csv} (per image: index, label, prediction,
 * radius, correct). Written through {@link AtomicFiles#replaceDirectory}: a reader sees the old report or the new one.
 */
public final class ReportWriter {
    /** The radii of the table. */
    public static final double[] TABLE_RADII = {0, 0.25, 0.5, 0.75};
    /** Confidence of the intervals in the report. */
    public static final double CONFIDENCE = 0.95;
    /** The method the paired comparisons are made against, when it was certified. */
    public static final String PAIRED_AGAINST = "deepzero";

    private ReportWriter() {
    }

    /**
     * @param provenance settings, inputs and their hashes, recorded as they are in summary.json
     * @param maxRadius  the largest radius the sample count can certify
     */
    public static void write(Path dir, List<MethodResult> results, Map<String, Object> provenance, double maxRadius)
            throws IOException {
        AtomicFiles.replaceDirectory(dir, tmp -> {
            for (MethodResult r : results) {
                Files.writeString(tmp.resolve("certify-" + r.method() + ".csv"), csv(r), StandardCharsets.UTF_8);
            }
            plot(tmp.resolve("certified-accuracy.png"), results, maxRadius);
            Json.pretty().writeValue(tmp.resolve("summary.json").toFile(), summary(results, provenance, maxRadius));
            Files.writeString(tmp.resolve("index.html"), html(results, provenance, maxRadius), StandardCharsets.UTF_8);
        });
    }

    static String csv(MethodResult r) {
        StringBuilder b = new StringBuilder("index,label,prediction,radius,correct\n");
        for (ImageCertificate c : r.certificates()) {
            b.append(c.index()).append(',').append(c.label()).append(',').append(c.certificate().prediction()).append(',')
                    .append(String.format(Locale.ROOT, "%.6f", c.certificate().radius())).append(',')
                    .append(c.certificate().prediction() == c.label() ? 1 : 0).append('\n');
        }
        return b.toString();
    }

    static Map<String, Object> summary(List<MethodResult> results, Map<String, Object> provenance, double maxRadius) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("provenance", provenance);
        s.put("max_certifiable_radius", maxRadius);
        Map<String, Object> methods = new LinkedHashMap<>();
        for (MethodResult r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            Map<String, Double> acc = new LinkedHashMap<>();
            for (double rad : TABLE_RADII) {
                acc.put(String.format(Locale.ROOT, "%.2f", rad), CertifiedAccuracy.at(r.certificates(), rad));
            }
            m.put("certified_accuracy", acc);
            Map<String, double[]> ci = new LinkedHashMap<>();
            for (double rad : TABLE_RADII) {
                ci.put(String.format(Locale.ROOT, "%.2f", rad), CertifiedAccuracy.interval(r.certificates(), rad, CONFIDENCE));
            }
            m.put("certified_accuracy_ci95_clopper_pearson", ci);
            m.put("abstentions", r.certificates().stream().filter(c -> c.certificate().abstained()).count());
            m.put("most_common_prediction", mostCommonPrediction(r));
            m.put("most_common_prediction_share", mostCommonShare(r));
            m.put("images", r.certificates().size());
            m.put("train_black_box_queries", r.trainQueries());
            m.put("train_steps", r.trainSteps());
            m.put("train_seconds", r.trainSeconds());
            m.put("certify_seconds", r.certifySeconds());
            methods.put(r.method(), m);
        }
        s.put("methods", methods);
        MethodResult base = results.stream().filter(r -> r.method().equals(PAIRED_AGAINST)).findFirst().orElse(null);
        if (base != null) {
            Map<String, Object> paired = new LinkedHashMap<>();
            for (MethodResult r : results) {
                if (r == base) {
                    continue;
                }
                Map<String, Object> byRadius = new LinkedHashMap<>();
                for (double rad : TABLE_RADII) {
                    PairedComparison c = PairedComparison.at(base.certificates(), r.certificates(), rad);
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("difference_points", c.differencePoints(base.certificates().size()));
                    e.put("only_" + PAIRED_AGAINST, c.onlyFirst());
                    e.put("only_" + r.method(), c.onlySecond());
                    e.put("mcnemar_exact_p", c.p());
                    byRadius.put(String.format(Locale.ROOT, "%.2f", rad), e);
                }
                paired.put(r.method(), byRadius);
            }
            s.put("paired_vs_" + PAIRED_AGAINST, paired);
        }
        return s;
    }

    static String html(List<MethodResult> results, Map<String, Object> provenance, double maxRadius) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Certified robustness"
                + "</title><style>body{font-family:sans-serif;margin:2em}td,th{padding:4px 10px;text-align:right}"
                + "table{border-collapse:collapse}tr:nth-child(even){background:#f2f2f2}</style></head><body>");
        b.append("<h1>Denoised smoothing of a black-box CIFAR-10 classifier</h1>");
        b.append(String.format(Locale.ROOT, "<p>Certified accuracy (%%) of the smoothed classifier at ℓ2 radius r "
                + "(CERTIFY, Cohen et al. 2019); the largest radius certifiable with these samples is %.3f.</p>", maxRadius));
        b.append("<table><tr><th>method</th>");
        for (double r : TABLE_RADII) {
            b.append(String.format(Locale.ROOT, "<th>r = %.2f</th>", r));
        }
        b.append("<th>abstain</th><th>most common class (share)</th><th>train queries</th><th>train s</th><th>certify s</th></tr>");
        for (MethodResult m : results) {
            b.append("<tr><td style=\"text-align:left\">").append(m.method()).append("</td>");
            for (double r : TABLE_RADII) {
                double[] ci = CertifiedAccuracy.interval(m.certificates(), r, CONFIDENCE);
                b.append(String.format(Locale.ROOT, "<td>%.1f <small>[%.1f, %.1f]</small></td>",
                        100 * CertifiedAccuracy.at(m.certificates(), r), 100 * ci[0], 100 * ci[1]));
            }
            b.append(String.format(Locale.ROOT, "<td>%d</td><td>%d (%.0f %%)</td><td>%d</td><td>%.0f</td><td>%.0f</td></tr>",
                    m.certificates().stream().filter(c -> c.certificate().abstained()).count(), mostCommonPrediction(m),
                    100 * mostCommonShare(m), m.trainQueries(), m.trainSeconds(), m.certifySeconds()));
        }
        b.append(String.format(Locale.ROOT, "</table><p>Brackets: %.0f %% Clopper-Pearson intervals over the %d test images."
                + " A classifier that answers one class whatever the input certifies that class's share of a class-balanced"
                + " subset at every radius (10 %% for CIFAR-10): read the certified accuracy beside the share of the most"
                + " common smoothed prediction (abstentions excluded).</p>",
                100 * CONFIDENCE, results.isEmpty() ? 0 : results.get(0).certificates().size()));
        pairedTable(b, results);
        b.append("<p><img src=\"certified-accuracy.png\" alt=\"certified accuracy against radius\"></p>");
        b.append("<h2>Provenance</h2><table>");
        provenance.forEach((k, v) -> b.append("<tr><td style=\"text-align:left\">").append(escape(k))
                .append("</td><td style=\"text-align:left\">").append(escape(String.valueOf(v))).append("</td></tr>"));
        b.append("</table><p>Per-image certificates: ");
        for (MethodResult m : results) {
            b.append("<a href=\"certify-").append(m.method()).append(".csv\">").append(m.method()).append("</a> ");
        }
        return b.append("</p></body></html>\n").toString();
    }

    /** The class the smoothed classifier answers most often (abstentions excluded; -1 if it always abstains). */
    static int mostCommonPrediction(MethodResult r) {
        int[] counts = predictionCounts(r);
        int top = -1;
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] > 0 && (top < 0 || counts[c] > counts[top])) {
                top = c;
            }
        }
        return top;
    }

    /** Its share of all test images. */
    static double mostCommonShare(MethodResult r) {
        int top = mostCommonPrediction(r);
        return top < 0 ? 0.0 : (double) predictionCounts(r)[top] / r.certificates().size();
    }

    private static int[] predictionCounts(MethodResult r) {
        int classes = 1 + r.certificates().stream().mapToInt(c -> c.certificate().prediction()).max().orElse(0);
        int[] counts = new int[Math.max(1, classes)];
        for (ImageCertificate c : r.certificates()) {
            if (!c.certificate().abstained()) {
                counts[c.certificate().prediction()]++;
            }
        }
        return counts;
    }

    /** DeepZero-DS against every other method, image by image on the same noise (when it was certified). */
    private static void pairedTable(StringBuilder b, List<MethodResult> results) {
        MethodResult base = results.stream().filter(r -> r.method().equals(PAIRED_AGAINST)).findFirst().orElse(null);
        if (base == null || results.size() < 2) {
            return;
        }
        b.append("<h2>Paired: ").append(PAIRED_AGAINST).append(" against each method</h2><p>Difference in points; in brackets "
                + "the images certified by ").append(PAIRED_AGAINST).append(" only / by the other only, and the exact McNemar p.</p>");
        b.append("<table><tr><th>against</th>");
        for (double r : TABLE_RADII) {
            b.append(String.format(Locale.ROOT, "<th>r = %.2f</th>", r));
        }
        b.append("</tr>");
        for (MethodResult m : results) {
            if (m == base) {
                continue;
            }
            b.append("<tr><td style=\"text-align:left\">").append(m.method()).append("</td>");
            for (double r : TABLE_RADII) {
                PairedComparison c = PairedComparison.at(base.certificates(), m.certificates(), r);
                b.append(String.format(Locale.ROOT, "<td>%+.1f <small>(%d / %d, p = %.2g)</small></td>",
                        c.differencePoints(base.certificates().size()), c.onlyFirst(), c.onlySecond(), c.p()));
            }
            b.append("</tr>");
        }
        b.append("</table>");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Certified accuracy against radius: a step curve per method, sampled at 401 radii. */
    static void plot(Path file, List<MethodResult> results, double maxRadius) throws IOException {
        double rMax = Math.max(0.8, Math.ceil(maxRadius * 10) / 10);
        int steps = 400;
        double[] radii = new double[steps + 1];
        for (int k = 0; k <= steps; k++) {
            radii[k] = rMax * k / steps;
        }
        LinePlot chart = new LinePlot("Certified accuracy of the smoothed classifier", "radius (l2)", "certified accuracy (%)");
        for (MethodResult r : results) {
            double[] accuracy = new double[radii.length];
            for (int k = 0; k < radii.length; k++) {
                accuracy[k] = 100 * CertifiedAccuracy.at(r.certificates(), radii[k]);
            }
            chart.add(r.method(), radii, accuracy);
        }
        ImageIO.write(chart.render(900, 500), "png", file.toFile());
    }
}
