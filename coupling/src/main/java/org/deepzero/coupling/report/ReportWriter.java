package org.deepzero.coupling.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.deepzero.common.AtomicFiles;
import org.deepzero.common.LinePlot;
import org.deepzero.coupling.eval.Evaluation;
import org.deepzero.coupling.eval.MethodErrors;
import org.deepzero.coupling.eval.PhysicsComparison;
import org.deepzero.coupling.eval.ReplicatedErrors;
import org.deepzero.coupling.eval.TestRollouts;
import org.deepzero.solver.io.FieldImage;
import org.deepzero.solver.pde.CoupledPde;
import org.deepzero.solver.pde.PdeCase;

/**
 * Writes the report folder of an evaluation:
 * <ul>
 *   <li>{@code index.html}: the table, the error plot and the pictures (the PDE's, e.g. vorticity); no network needed;</li>
 *   <li>{@code summary.json}: all numbers with provenance ({@link Summary});</li>
 *   <li>{@code errors.csv}: mean MAE per step and method; {@code rollouts.csv}: every rollout's
 *       error after every step;</li>
 *   <li>{@code error.png}: MAE against step for all methods;</li>
 *   <li>{@code selection.csv}, {@code validation.png}: which parameters each method kept, the test error of
 *       its final ones beside, and its validation MAE against queries ({@link TrainingReport});</li>
 *   <li>{@code summary.csv}: every table row with its seeds, trajectories and samples; {@code physics.csv}:
 *       the PDE's physics of each method against the reference;</li>
 *   <li>{@code <picture>-step<k>.png}: reference and each method side by side, first test rollout, and
 *       {@code <picture>-difference-step<k>.png}: each method minus the reference, one colour scale;</li>
 *   <li>{@code fields/<method>/<rollout>.<ext>} and {@code fields/reference/<rollout>.<ext>}: the coarse
 *       fields of every test rollout (the method's first seed), in the PDE's trajectory layout ({@link PdeCase#writeTrajectory};
 *       the wake flow: an XDMF file with its HDF5 part files, which opens in ParaView).</li>
 * </ul>
 * The folder is built under a unique temporary name and moved into place ({@link AtomicFiles#replaceDirectory}),
 * so a report is whole or absent.
 *
 * @param <S> the PDE's state type
 */
public final class ReportWriter<S> {
    private static final int IMAGE_SCALE = 4;

    private final PdeCase<S> pde;
    private final CoupledPde<S> anyFlow;
    private final String solverVersion;

    /**
     * @param pde           the case's PDE (trajectory files)
     * @param anyFlow       a coarse solver of the case (picture size and mask)
     * @param solverVersion the solver version recorded in HDF5 files
     */
    public ReportWriter(PdeCase<S> pde, CoupledPde<S> anyFlow, String solverVersion) {
        this.pde = pde;
        this.anyFlow = anyFlow;
        this.solverVersion = solverVersion;
    }

    /**
     * Writes the report into {@code dir} (replacing an old one).
     *
     * @param summary    the numbers ({@link Summary#of}) of {@code evaluation}
     * @param imageSteps steps shown as images
     */
    public void write(Path dir, Evaluation<S> evaluation, Summary summary, int[] imageSteps) throws IOException {
        write(dir, evaluation, summary, imageSteps, TrainingReport.empty());
    }

    /**
     * Writes the report with its training side: {@code selection.csv} (kept step, test MAE of the kept
     * and of the final parameters) and {@code validation.png} (validation MAE against queries, NON
     * against its steps), both also in {@code index.html}.
     */
    public void write(Path dir, Evaluation<S> evaluation, Summary summary, int[] imageSteps, TrainingReport training)
            throws IOException {
        AtomicFiles.replaceDirectory(dir, tmp -> writeInto(tmp, evaluation, summary, imageSteps, training));
    }

    private void writeInto(Path tmp, Evaluation<S> evaluation, Summary summary, int[] imageSteps,
                           TrainingReport training) throws IOException {
        summary.write(tmp.resolve("summary.json"));
        writeCsv(tmp, evaluation);
        writeSummaryCsv(tmp, summary);
        LinePlot plot = new LinePlot("MAE on held-out parameters", "step", "mean absolute error");
        for (ReplicatedErrors e : evaluation.errors()) {
            plot.add(e.method(), e.meanPerStep());
        }
        plot.write(tmp.resolve("error.png"), 900, 500);
        List<TestRollouts.Start> starts = evaluation.rollouts().starts();
        List<List<S>> reference = evaluation.rollouts().referenceStates();
        List<String> images = writeImages(tmp, evaluation, reference.get(0), imageSteps);
        writeFields(tmp, evaluation, reference);
        writeTraining(tmp, training);
        AtomicFiles.writeString(tmp.resolve("index.html"), Html.page(summary, evaluation, images, anyFlow.pictureName(), training));
    }

    private static void writeTraining(Path dir, TrainingReport training) throws IOException {
        if (!training.selection().isEmpty()) {
            StringBuilder b = new StringBuilder("method,selected_step,steps,start_val_mae,selected_val_mae,"
                    + "test_mae_selected,test_mae_final,kept_start\n");
            for (TrainingReport.SelectionRow r : training.selection()) {
                b.append(String.join(",", r.method(), Integer.toString(r.selectedStep()), Integer.toString(r.steps()),
                        Double.toString(r.startValMae()), Double.toString(r.selectedValMae()),
                        Double.toString(r.testSelected()), Double.toString(r.testFinal()),
                        Boolean.toString(r.keptStart()))).append('\n');
            }
            AtomicFiles.writeString(dir.resolve("selection.csv"), b.toString());
        }
        if (!training.curves().isEmpty()) {
            LinePlot plot = new LinePlot("Validation MAE against cost", "queries (NON: Adam steps)", "validation MAE");
            training.curves().forEach((m, c) -> plot.add(c.cost().equals("queries") ? m : m + " (steps)", c.x(),
                    c.valMae()));
            plot.write(dir.resolve("validation.png"), 900, 500);
        }
    }

    private static void writeCsv(Path dir, Evaluation<?> ev) throws IOException {
        List<ReplicatedErrors> errors = ev.errors();
        StringBuilder b = new StringBuilder("step");
        for (ReplicatedErrors e : errors) {
            b.append(',').append(e.method());
        }
        b.append('\n');
        int steps = ev.rollouts().steps();
        List<double[]> means = errors.stream().map(ReplicatedErrors::meanPerStep).toList();
        for (int k = 0; k < steps; k++) {
            b.append(k + 1);
            for (double[] m : means) {
                b.append(',').append(m[k]);
            }
            b.append('\n');
        }
        AtomicFiles.writeString(dir.resolve("errors.csv"), b.toString());

        List<TestRollouts.Start> starts = ev.rollouts().starts();
        // one column per case parameter, named as in the case file (the wake flow: reynolds)
        StringBuilder r = new StringBuilder("method,seed,");
        for (String name : starts.get(0).parameters().names()) {
            r.append(name).append(',');
        }
        r.append("trajectory,start_frame,step,mae\n");
        for (ReplicatedErrors e : errors) {
            for (int si = 0; si < e.seeds().size(); si++) {
                MethodErrors m = e.perSeed().get(si);
                for (int i = 0; i < starts.size(); i++) {
                    for (int k = 0; k < steps; k++) {
                        r.append(e.method()).append(',').append(e.seeds().get(si)).append(',');
                        for (double v : starts.get(i).parameters().values().values()) {
                            r.append(v).append(',');
                        }
                        r.append(starts.get(i).trajectory().trajectory()).append(',').append(starts.get(i).frame())
                                .append(',').append(k + 1).append(',').append(m.stepMae()[i][k]).append('\n');
                    }
                }
            }
        }
        AtomicFiles.writeString(dir.resolve("rollouts.csv"), r.toString());
    }

    /** {@code summary.csv} (every row of the tables with its samples) and {@code physics.csv}. */
    private static void writeSummaryCsv(Path dir, Summary summary) throws IOException {
        StringBuilder b = new StringBuilder("group,method,seeds,trajectories,samples,mean_mae,ci95_half_width,ci95_dof,"
                + "change_vs_src,paired_diff_vs_non,paired_diff_vs_non_ci95_half_width,paired_diff_vs_non_per_seed,"
                + "final_step_mae\n");
        for (Summary.Row r : summary.methods()) {
            StringBuilder perSeed = new StringBuilder();
            for (double[] d : r.diffVsNonPerSeed()) {
                perSeed.append(perSeed.length() == 0 ? "" : " ").append(d[0]).append("+-").append(d[1]);
            }
            b.append(csv(r.group())).append(',').append(r.method()).append(',').append(r.seeds()).append(',')
                    .append(r.trajectories()).append(',').append(r.seeds() * r.trajectories()).append(',')
                    .append(r.meanMae()).append(',').append(r.halfWidth95()).append(',').append(r.dof()).append(',')
                    .append(r.changeVsSrc()).append(',').append(r.diffVsNon()).append(',')
                    .append(r.diffVsNonHalfWidth95()).append(',').append(perSeed).append(',')
                    .append(r.finalStepMae()).append('\n');
        }
        AtomicFiles.writeString(dir.resolve("summary.csv"), b.toString());
        StringBuilder p = new StringBuilder("group,method,quantity,value,reference,relative_difference,samples\n");
        for (PhysicsComparison.Row r : summary.physics()) {
            p.append(csv(r.group())).append(',').append(r.method()).append(',').append(csv(r.quantity())).append(',')
                    .append(r.value()).append(',').append(r.reference()).append(',').append(r.relativeDifference())
                    .append(',').append(r.samples()).append('\n');
        }
        AtomicFiles.writeString(dir.resolve("physics.csv"), p.toString());
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /**
     * For each image step: the picture of the reference and of every method side by side, and the
     * difference maps (method minus reference) on one colour scale, all from the first rollout and
     * the first seed.
     */
    private List<String> writeImages(Path dir, Evaluation<S> ev, List<S> reference, int[] imageSteps)
            throws IOException {
        Path img = dir.resolve("images");
        Files.createDirectories(img);
        int nx = anyFlow.pictureShape()[0];
        int ny = anyFlow.pictureShape()[1];
        boolean[] solid = anyFlow.pictureMask();
        String picture = anyFlow.pictureName();
        String first = ev.rollouts().starts().get(0).label();
        Map<String, TestRollouts.Result<S>> results = ev.firstSeed();
        List<String> out = new ArrayList<>();
        for (int step : imageSteps) {
            double[] refVort = anyFlow.picture(reference.get(step - 1));
            double limit = 0;
            for (double w : refVort) {
                limit = Math.max(limit, Math.abs(w));
            }
            List<String> labels = new ArrayList<>();
            List<Path> files = new ArrayList<>();
            labels.add("reference");
            files.add(img.resolve("reference-step" + step + ".png"));
            FieldImage.write(files.get(0), nx, ny, refVort, solid, limit, IMAGE_SCALE);
            Map<String, double[]> diffs = new java.util.LinkedHashMap<>();
            double diffLimit = 0;
            for (Map.Entry<String, TestRollouts.Result<S>> e : results.entrySet()) {
                double[] pic = anyFlow.picture(e.getValue().states().get(0).get(step - 1));
                Path f = img.resolve(e.getKey() + "-step" + step + ".png");
                FieldImage.write(f, nx, ny, pic, solid, limit, IMAGE_SCALE);
                labels.add(e.getKey());
                files.add(f);
                double[] d = new double[pic.length];
                for (int i = 0; i < d.length; i++) {
                    d[i] = pic[i] - refVort[i];
                    diffLimit = Math.max(diffLimit, Math.abs(d[i]));
                }
                diffs.put(e.getKey(), d);
            }
            String name = picture + "-step" + step + ".png";
            stitch(dir.resolve(name), labels, files, picture + ", step " + step + ", " + first);
            out.add(name);
            // one scale for every method, so the maps compare; the reference's own scale is in the title
            List<String> diffLabels = new ArrayList<>();
            List<Path> diffFiles = new ArrayList<>();
            for (Map.Entry<String, double[]> e : diffs.entrySet()) {
                Path f = img.resolve(e.getKey() + "-minus-reference-step" + step + ".png");
                FieldImage.write(f, nx, ny, e.getValue(), solid, diffLimit > 0 ? diffLimit : 1, IMAGE_SCALE);
                diffLabels.add(e.getKey() + " - reference");
                diffFiles.add(f);
            }
            String diffName = picture + "-difference-step" + step + ".png";
            stitch(dir.resolve(diffName), diffLabels, diffFiles, String.format(Locale.ROOT,
                    "%s minus reference, step %d, colours ±%.3g (pictures ±%.3g)", picture, step, diffLimit, limit));
            out.add(diffName);
        }
        return out;
    }

    /** Lays images out left to right with a label above each. */
    private static void stitch(Path target, List<String> labels, List<Path> files, String title) throws IOException {
        List<BufferedImage> parts = new ArrayList<>();
        for (Path f : files) {
            parts.add(ImageIO.read(f.toFile()));
        }
        int gap = 8;
        int top = 40;
        int w = parts.stream().mapToInt(BufferedImage::getWidth).sum() + gap * (parts.size() + 1);
        int h = parts.stream().mapToInt(BufferedImage::getHeight).max().orElse(0) + top + gap;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, gap, 16);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int x = gap;
        for (int i = 0; i < parts.size(); i++) {
            g.drawString(labels.get(i), x, top - 6);
            g.drawImage(parts.get(i), x, top, null);
            x += parts.get(i).getWidth() + gap;
        }
        g.dispose();
        AtomicFiles.writePng(target, out);
    }

    /** Every rollout's fields: the reference, and each method's first seed ({@code fields/<method>/}). */
    private void writeFields(Path dir, Evaluation<S> ev, List<List<S>> reference) {
        List<TestRollouts.Start> starts = ev.rollouts().starts();
        for (int i = 0; i < starts.size(); i++) {
            TestRollouts.Start s = starts.get(i);
            String name = fileName(s, pde);
            write(dir.resolve("fields").resolve("reference").resolve(name), s, reference.get(i));
            for (Map.Entry<String, TestRollouts.Result<S>> e : ev.firstSeed().entrySet()) {
                write(dir.resolve("fields").resolve(e.getKey()).resolve(name), s, e.getValue().states().get(i));
            }
        }
    }

    /** The trajectory file name of a rollout, e.g. {@code re120-frame40.xdmf}. */
    public static String fileName(TestRollouts.Start s, PdeCase<?> pde) {
        return String.format(Locale.ROOT, "%s-frame%d%s", s.trajectory().tag(), s.frame(), pde.trajectoryExtension());
    }

    private void write(Path file, TestRollouts.Start s, List<S> frames) {
        pde.writeTrajectory(file, s.parameters(), s.frame() + 1L, frames, solverVersion);
    }
}
