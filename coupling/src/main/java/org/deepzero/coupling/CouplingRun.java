package org.deepzero.coupling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepzero.common.ProgressListener;
import org.deepzero.coupling.data.ReferenceCache;
import org.deepzero.coupling.data.ReferenceSet;
import org.deepzero.coupling.eval.Evaluation;
import org.deepzero.coupling.eval.TestRollouts;
import org.deepzero.coupling.report.ReportWriter;
import org.deepzero.coupling.report.Summary;
import org.deepzero.coupling.report.TrainingReport;
import org.deepzero.coupling.spec.CouplingSpec;
import org.deepzero.coupling.spec.TrainingSpec;
import org.deepzero.coupling.train.CorrectorTraining;
import org.deepzero.coupling.train.CouplingSetup;
import org.deepzero.coupling.train.Selection;
import org.deepzero.coupling.train.ValidationCurve;
import org.deepzero.solver.MemoryEstimate;
import org.deepzero.solver.SolverVersion;
import org.deepzero.solver.pde.CaseParameters;

/**
 * The main job of a case, phase by phase: reference data (made if missing), training of NON and of
 * each zeroth-order method, evaluation against SRC on held-out parameter sets, and the report.
 * Everything lives in one run folder:
 * {@code train/<method>/} (checkpoints, metrics, parameters) and {@code report/}. Each phase reuses
 * what an earlier (or interrupted) one left.
 *
 * @param <S> the PDE's state type
 */
public final class CouplingRun<S> {
    /** Every trainable method, in report order. */
    public static final List<String> ALL_METHODS = List.of("non", "sol-zo", "sol-rge", "sol-zo-cold", "sol-rge-cold");

    private final CouplingSpec<S> spec;
    private final Path runDir;
    private final ProgressListener progress;
    private final String executor;
    private CouplingSetup<S> setup;

    /**
     * @param spec     the case
     * @param runDir   the run folder
     * @param progress receives the progress of every phase (reference generation, training,
     *                 evaluation) and notes between them
     */
    public CouplingRun(CouplingSpec<S> spec, Path runDir, ProgressListener progress) {
        this(spec, runDir, progress, org.deepzero.zo.query.QueryExecutors.DEFAULT);
    }

    /** @param executor where training queries run ({@link org.deepzero.zo.query.QueryExecutors} syntax) */
    public CouplingRun(CouplingSpec<S> spec, Path runDir, ProgressListener progress, String executor) {
        this.spec = spec;
        this.runDir = runDir;
        this.progress = progress;
        this.executor = executor;
    }

    /** The default run folder of a case: {@code <output dir>/run}. */
    public static Path defaultDir(CouplingSpec<?> spec) {
        return spec.pde().outputDir().resolve("run");
    }

    public Path runDir() {
        return runDir;
    }

    /**
     * Refuses, before any work, a case whose reference data, training data and test rollouts of
     * {@code evaluatedMethods} methods (0: no evaluation) cannot fit in the heap together.
     *
     * @param evaluatedMethods methods the run will evaluate, SRC included
     * @throws org.deepzero.solver.ResourceLimitException when they cannot fit
     */
    public void requireMemory(int evaluatedMethods) {
        if (setup != null) {
            return; // what setup holds is in the heap already; evaluate() checks its rollouts
        }
        MemoryEstimate need = CouplingMemory.setup(spec);
        String remedy = CouplingMemory.setupRemedy(spec);
        if (evaluatedMethods > 0) {
            need = need.plus(CouplingMemory.testRollouts(spec, evaluatedMethods));
            remedy += " (or [evaluation] steps or starts)";
        }
        need.requireFits(remedy);
    }

    /** Loads or makes the reference data and derives the shared setup (once). */
    public CouplingSetup<S> setup() {
        if (setup == null) {
            requireMemory(0);
            List<CaseParameters> all = new java.util.ArrayList<>(spec.training().parameters());
            all.addAll(spec.evaluation().parameters());
            ReferenceSet<S> reference = ReferenceCache.load(spec.pde(), all, progress.prefixed("reference"));
            setup = CouplingSetup.of(spec, reference);
            progress.note(String.format(java.util.Locale.ROOT,
                    "setup: %d one-step pairs, correction scale %.3g, corrector %d parameters",
                    setup.pairs().size(), setup.corrector().normalization().correctionScale(),
                    setup.corrector().model().space().dimension()));
        }
        return setup;
    }

    /**
     * Trains {@code methods} ({@code non} and the case's zeroth-order methods), reusing finished runs
     * and resuming interrupted ones; NON is trained first when a warm start needs it.
     *
     * @return method name to the selected parameters, {@code non} first
     */
    public Map<String, double[]> train(List<String> methods) {
        CorrectorTraining<S> training = new CorrectorTraining<>(setup(), progress, executor);
        Map<String, double[]> out = new LinkedHashMap<>();
        boolean needNon = methods.contains("non") || methods.stream().anyMatch(m -> !m.equals("non")
                && !TrainingSpec.coldStart(m));
        if (needNon) {
            out.put("non", finished("non").orElseGet(() -> training.trainNon(methodDir("non"))));
        }
        for (String m : methods) {
            if (m.equals("non")) {
                continue;
            }
            double[] init = TrainingSpec.coldStart(m)
                    ? setup().corrector().initialParameters(spec.corrector().seed()) : out.get("non");
            out.put(m, finished(m).orElseGet(() -> training.trainZo(methodDir(m), m, init)));
        }
        return out;
    }

    /** All methods of the case: NON and its zeroth-order runs. */
    public List<String> caseMethods() {
        List<String> all = new java.util.ArrayList<>();
        all.add("non");
        all.addAll(spec.training().methods());
        return all;
    }

    /** Evaluates SRC and the trained methods, writes {@code report/}, and returns the summary. */
    public Summary evaluate(Map<String, double[]> trained) {
        Map<String, double[]> thetas = new LinkedHashMap<>();
        thetas.put("src", null);
        thetas.putAll(trained);
        TestRollouts<S> test = setup().test();
        CouplingMemory.testRollouts(spec, thetas.size()).requireFits(CouplingMemory.rolloutRemedy(spec));
        Evaluation<S> ev = Evaluation.run(test, thetas, progress);
        Map<String, List<S>> reference = new LinkedHashMap<>();
        for (TestRollouts.Start s : test.starts()) {
            List<S> f = setup().reference().frames(s.parameters());
            reference.put(s.label(), f.subList(s.frame() + 1, s.frame() + 1 + test.steps()));
        }
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("case", spec.pde().name());
        provenance.put("case_file", spec.pde().file().toString());
        provenance.put("case_hash", spec.pde().hash());
        provenance.put("pde", spec.pde().kind());
        provenance.put("solver_version", SolverVersion.VERSION);
        provenance.put("training_parameters", labels(spec.training().parameters()));
        provenance.put("test_parameters", labels(spec.evaluation().parameters()));
        provenance.put("corrector", spec.corrector().layers());
        provenance.put("corrector_parameters", setup().corrector().model().space().dimension());
        provenance.put("training", spec.training().toString());
        provenance.put("normalization", setup().corrector().normalization().toString());
        Path report = runDir.resolve("report");
        try {
            new ReportWriter<>(spec.pde(), setup().solvers().values().iterator().next(), SolverVersion.VERSION)
                    .write(report, ev, reference, provenance, spec.evaluation().imageSteps(),
                            trainingReport(trained, test, ev));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + report, e);
        }
        Summary summary = Summary.of(provenance, ev.errors());
        progress.note("report: " + report.resolve("index.html"));
        return summary;
    }

    /**
     * Which parameters each trained method kept, the test error of its final parameters beside the kept
     * ones' (evaluated here when they differ), and its validation curve.
     */
    private TrainingReport trainingReport(Map<String, double[]> trained, TestRollouts<S> test, Evaluation<S> ev) {
        List<TrainingReport.SelectionRow> rows = new java.util.ArrayList<>();
        Map<String, TrainingReport.Curve> curves = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : trained.entrySet()) {
            String m = e.getKey();
            Path dir = methodDir(m);
            java.util.Optional<Selection> sel = Selection.read(dir);
            Path finalFile = dir.resolve(CorrectorTraining.FINAL_FILE);
            if (sel.isEmpty() || !Files.isRegularFile(finalFile)) {
                continue; // a run folder from before selections were recorded
            }
            double[] last;
            try {
                last = org.deepzero.zo.param.ParameterIO.load(finalFile, setup().corrector().model().space());
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read " + finalFile, ex);
            }
            double selected = ev.errors(m).mean();
            double atEnd = Arrays.equals(last, e.getValue()) ? selected : test.run(m, last, false).errors().mean();
            Selection s = sel.get();
            rows.add(new TrainingReport.SelectionRow(m, s.selectedStep(), s.steps(), s.startValMae(),
                    s.selectedValMae(), selected, atEnd));
            ValidationCurve.read(dir, !m.equals("non"), s.startValMae()).ifPresent(c -> curves.put(m, c));
        }
        return new TrainingReport(rows, curves);
    }

    /**
     * Parameters of all finished training runs in the run folder made with the current settings: the
     * case's methods and any other one trained with {@code train --method}, in a fixed order.
     */
    public Map<String, double[]> trainedMethods() {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String m : ALL_METHODS) {
            finished(m).ifPresent(theta -> out.put(m, theta));
        }
        return out;
    }

    private static String labels(List<CaseParameters> parameters) {
        return parameters.stream().map(CaseParameters::label).toList().toString();
    }

    private java.util.Optional<double[]> finished(String method) {
        Path dir = methodDir(method);
        java.util.Optional<double[]> theta = CorrectorTraining.finished(dir, method, setup());
        theta.ifPresent(t -> progress.note(method + ": reusing the finished run in " + dir));
        return theta;
    }

    private Path methodDir(String method) {
        return runDir.resolve("train").resolve(method);
    }
}
