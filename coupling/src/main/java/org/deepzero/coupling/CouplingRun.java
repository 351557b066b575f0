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
import org.deepzero.coupling.eval.PhysicsComparison;
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
import org.deepzero.zo.query.QueryExecutor;
import org.deepzero.zo.query.QueryExecutors;

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
    private java.util.function.Consumer<org.deepzero.solver.pde.TrajectoryId> referenceReads = id -> { };

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
            ReferenceSet<S> reference;
            try (QueryExecutor here = QueryExecutors.onThisMachine(executor)) {
                reference = ReferenceCache.loadTrajectories(spec.pde(), CouplingSetup.trajectories(spec),
                        progress.prefixed("reference"), here);
            }
            setup = CouplingSetup.of(spec, reference.observed(referenceReads));
            progress.note(String.format(java.util.Locale.ROOT,
                    "setup: %d one-step pairs, correction scale %.3g, corrector %d parameters",
                    setup.pairs().size(), setup.corrector().normalization().correctionScale(),
                    setup.corrector().model().space().dimension()));
        }
        return setup;
    }

    /**
     * Passes every read of reference data from now on (training, normalisation, selection,
     * evaluation) to {@code reads}: how a test shows that no test trajectory is read before evaluation.
     *
     * @throws IllegalStateException when the setup is made already
     */
    public CouplingRun<S> observingReferenceReads(java.util.function.Consumer<org.deepzero.solver.pde.TrajectoryId> reads) {
        if (setup != null) {
            throw new IllegalStateException("observe reference reads before the setup is made");
        }
        this.referenceReads = reads;
        return this;
    }

    /** The seed replicates every method is trained with ({@code [training] seeds}). */
    public List<Integer> seeds() {
        return spec.training().seeds();
    }

    /**
     * Trains {@code methods} ({@code non} and the case's zeroth-order methods) for every seed
     * replicate, reusing finished runs and resuming interrupted ones; NON is trained first when a
     * warm start needs it (each replicate's warm start is its own NON).
     *
     * @return method name to seed replicate to the selected parameters, {@code non} first
     */
    public Map<String, Map<Integer, double[]>> train(List<String> methods) {
        Map<String, Map<Integer, double[]>> out = new LinkedHashMap<>();
        boolean needNon = methods.contains("non") || methods.stream().anyMatch(m -> !m.equals("non")
                && !TrainingSpec.coldStart(m));
        for (int r : seeds()) {
            CouplingSetup<S> rs = setup().replicate(r);
            ProgressListener p = seeds().size() == 1 ? progress : progress.prefixed("seed " + r);
            CorrectorTraining<S> training = new CorrectorTraining<>(rs, p, executor);
            double[] non = null;
            if (needNon) {
                non = finished("non", r).orElseGet(() -> training.trainNon(methodDir("non", r)));
                out.computeIfAbsent("non", k -> new LinkedHashMap<>()).put(r, non);
            }
            for (String m : methods) {
                if (m.equals("non")) {
                    continue;
                }
                double[] init = TrainingSpec.coldStart(m) ? rs.corrector().initialParameters(rs.spec().corrector().seed())
                        : non;
                out.computeIfAbsent(m, k -> new LinkedHashMap<>()).put(r,
                        finished(m, r).orElseGet(() -> training.trainZo(methodDir(m, r), m, init)));
            }
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

    /**
     * Evaluates SRC and the trained methods on the test rollouts, writes {@code report/}, and returns
     * the summary: rows for all test rollouts, each test parameter set, and the interpolation and
     * extrapolation ones; intervals over seeds and rollouts; the physics against the reference.
     *
     * @param trained method name to seed replicate to parameters ({@link #train})
     */
    public Summary evaluate(Map<String, Map<Integer, double[]>> trained) {
        // test rollouts keep their states here: on this machine's part of the executor (local:T: T threads)
        try (QueryExecutor rollouts = QueryExecutors.onThisMachine(executor)) {
            return evaluate(trained, rollouts);
        }
    }

    private Summary evaluate(Map<String, Map<Integer, double[]>> trained, QueryExecutor rollouts) {
        Map<String, Map<Integer, double[]>> thetas = new LinkedHashMap<>();
        Map<Integer, double[]> none = new LinkedHashMap<>();
        none.put(0, null);
        thetas.put("src", none);
        thetas.putAll(trained);
        TestRollouts<S> test = setup().test();
        CouplingMemory.testRollouts(spec, thetas.size()).requireFits(CouplingMemory.rolloutRemedy(spec));
        Evaluation<S> ev = Evaluation.run(test, thetas, progress, rollouts);
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("case", spec.pde().name());
        provenance.put("case_file", spec.pde().file().toString());
        provenance.put("case_hash", spec.pde().hash());
        provenance.put("pde", spec.pde().kind());
        provenance.put("solver_version", SolverVersion.fingerprint());
        provenance.put("training_parameters", labels(spec.training().parameters()));
        provenance.put("test_parameters", labels(spec.evaluation().parameters()));
        provenance.put("seeds", seeds().toString());
        provenance.put("test_trajectories", spec.evaluation().independent()
                ? "independent (one initial perturbation per start)" : "windows of one trajectory per parameter set");
        provenance.put("corrector", spec.corrector().layers());
        provenance.put("corrector_parameters", setup().corrector().model().space().dimension());
        provenance.put("training", spec.training().toString());
        provenance.put("normalization", setup().corrector().normalization().toString());
        Map<String, int[]> groups = groups(test.starts());
        Summary summary = Summary.of(provenance, ev.errors(), groups, PhysicsComparison.of(ev, groups));
        Path report = runDir.resolve("report");
        try {
            new ReportWriter<>(spec.pde(), setup().solvers().values().iterator().next(), SolverVersion.fingerprint())
                    .write(report, ev, summary, spec.evaluation().imageSteps(), trainingReport(trained, test, ev, rollouts));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + report, e);
        }
        progress.note("report: " + report.resolve("index.html"));
        return summary;
    }

    /**
     * Which parameters each trained method kept, the test error of its final parameters beside the kept
     * ones' (evaluated here when they differ), and its validation curve; of the first seed replicate.
     */
    private TrainingReport trainingReport(Map<String, Map<Integer, double[]>> trained, TestRollouts<S> test,
                                          Evaluation<S> ev, QueryExecutor rollouts) {
        List<TrainingReport.SelectionRow> rows = new java.util.ArrayList<>();
        Map<String, TrainingReport.Curve> curves = new LinkedHashMap<>();
        for (Map.Entry<String, Map<Integer, double[]>> t : trained.entrySet()) {
            String m = t.getKey();
            Map.Entry<Integer, double[]> e = t.getValue().entrySet().iterator().next();
            Path dir = methodDir(m, e.getKey());
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
            double selected = ev.results().get(m).get(0).errors().mean();
            double atEnd = Arrays.equals(last, e.getValue()) ? selected : test.errors(m, last, rollouts, null).mean();
            Selection s = sel.get();
            rows.add(new TrainingReport.SelectionRow(m, s.selectedStep(), s.steps(), s.startValMae(),
                    s.selectedValMae(), selected, atEnd));
            ValidationCurve.read(dir, !m.equals("non"), s.startValMae()).ifPresent(c -> curves.put(m, c));
        }
        return new TrainingReport(rows, curves);
    }

    /**
     * The rollout groups of the report: all, each test parameter set, then {@code interpolation}
     * (every network feature, e.g. the Reynolds number, inside the training range) and
     * {@code extrapolation} (some feature outside it), each when present.
     */
    Map<String, int[]> groups(List<TestRollouts.Start> starts) {
        Map<String, List<Integer>> g = new LinkedHashMap<>();
        g.put(Summary.ALL, new java.util.ArrayList<>());
        for (int i = 0; i < starts.size(); i++) {
            g.get(Summary.ALL).add(i);
            g.computeIfAbsent(starts.get(i).parameters().label(), k -> new java.util.ArrayList<>()).add(i);
        }
        if (g.size() > 2) { // with one test parameter set its row is the whole table
            for (int i = 0; i < starts.size(); i++) {
                String kind = inTrainingRange(starts.get(i).parameters()) ? "interpolation" : "extrapolation";
                g.computeIfAbsent(kind, k -> new java.util.ArrayList<>()).add(i);
            }
        } else {
            g.keySet().removeIf(k -> !k.equals(Summary.ALL));
        }
        Map<String, int[]> out = new LinkedHashMap<>();
        g.forEach((k, v) -> out.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }

    private boolean inTrainingRange(CaseParameters p) {
        for (String f : spec.pde().featureNames()) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (CaseParameters t : spec.training().parameters()) {
                lo = Math.min(lo, t.get(f));
                hi = Math.max(hi, t.get(f));
            }
            if (p.get(f) < lo || p.get(f) > hi) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parameters of all finished training runs in the run folder made with the current settings: the
     * case's methods and any other one trained with {@code train --method}, in a fixed order; a method
     * counts only when every seed replicate has finished.
     */
    public Map<String, Map<Integer, double[]>> trainedMethods() {
        Map<String, Map<Integer, double[]>> out = new LinkedHashMap<>();
        for (String m : ALL_METHODS) {
            Map<Integer, double[]> perSeed = new LinkedHashMap<>();
            for (int r : seeds()) {
                finished(m, r).ifPresent(theta -> perSeed.put(r, theta));
            }
            if (perSeed.size() == seeds().size()) {
                out.put(m, perSeed);
            } else if (!perSeed.isEmpty()) {
                progress.note(m + ": only seeds " + perSeed.keySet() + " of " + seeds() + " finished; not evaluated");
            }
        }
        return out;
    }

    private static String labels(List<CaseParameters> parameters) {
        return parameters.stream().map(CaseParameters::label).toList().toString();
    }

    private java.util.Optional<double[]> finished(String method, int seed) {
        Path dir = methodDir(method, seed);
        java.util.Optional<double[]> theta = CorrectorTraining.finished(dir, method, setup().replicate(seed));
        theta.ifPresent(t -> progress.note(method + ": reusing the finished run in " + dir));
        return theta;
    }

    /** {@code train/<method>} for seed replicate 0, {@code train/seed<r>/<method>} for the others. */
    public Path methodDir(String method, int seed) {
        Path train = runDir.resolve("train");
        return seed == 0 ? train.resolve(method) : train.resolve("seed" + seed).resolve(method);
    }
}
