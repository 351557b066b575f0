package org.deepzero.coupling.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.deepzero.common.AtomicFiles;
import org.deepzero.common.Hashing;
import org.deepzero.common.ProgressListener;
import org.deepzero.common.Seeds;
import org.deepzero.coupling.eval.TestRollouts;
import org.deepzero.coupling.remote.CoupledSystemRecipe;
import org.deepzero.coupling.remote.RolloutRecipe;
import org.deepzero.coupling.remote.ValidationRecipe;
import org.deepzero.coupling.spec.TrainingSpec;
import org.deepzero.zo.cluster.ClusterQueryExecutor;
import org.deepzero.zo.estimate.Difference;
import org.deepzero.zo.estimate.GradientEstimator;
import org.deepzero.zo.estimate.Rge;
import org.deepzero.zo.estimate.SparseCge;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.optim.Adam;
import org.deepzero.zo.optim.LearningRateSchedule;
import org.deepzero.zo.optim.Optimizer;
import org.deepzero.zo.optim.Sgd;
import org.deepzero.zo.param.ParameterIO;
import org.deepzero.zo.param.ParameterSpace;
import org.deepzero.zo.prune.LayerRatios;
import org.deepzero.zo.prune.MaskSampler;
import org.deepzero.zo.prune.PruningScore;
import org.deepzero.zo.prune.RandomScore;
import org.deepzero.zo.prune.ZoGrasp;
import org.deepzero.zo.query.DescribedObjective;
import org.deepzero.zo.query.LocalQueryExecutor;
import org.deepzero.zo.query.QueryExecutor;
import org.deepzero.zo.query.QueryExecutors;
import org.deepzero.zo.train.CheckpointStore;
import org.deepzero.zo.train.TrainingProgress;
import org.deepzero.zo.train.Trainer;
import org.deepzero.zo.train.TrainingResult;
import org.deepzero.coupling.rollout.RolloutLoss;

/**
 * Trains the corrector in one of the modes of a case and keeps the parameters with the lowest
 * long-rollout validation error (the n-step training loss is a poor guide to 100-step error):
 * <ul>
 *   <li>{@code non}: offline, one-step targets, autodiff through the network alone;</li>
 *   <li>{@code sol-zo}: DeepZero through the solver: sparse CGE over coordinate masks drawn from
 *       ZO-GraSP (or random) layer ratios, feature reuse in the first network application, queries in
 *       parallel;</li>
 *   <li>{@code sol-rge}: RGE through the solver with as many queries per step as sol-zo spends.</li>
 * </ul>
 * Each run lives in its own folder (checkpoints, {@code metrics.jsonl}, {@code ratios-<key>.txt},
 * {@code theta.params}, {@code final.params}, {@link Selection#FILE}); an interrupted run resumes from its
 * last checkpoint.
 */
public final class CorrectorTraining<S> {
    /** File of the selected parameters in a run folder. */
    public static final String THETA_FILE = "theta.params";
    /** File of the parameters after the last step (whether or not they were selected). */
    public static final String FINAL_FILE = "final.params";
    /** File of the configuration hash the parameters were trained under. */
    public static final String HASH_FILE = "config.sha";

    private final CouplingSetup<S> setup;
    private final ProgressListener progress;
    private final String executor;

    /**
     * @param setup    the shared setup of the case
     * @param progress receives training progress (phase {@code train <method>}) and notes
     */
    public CorrectorTraining(CouplingSetup<S> setup, ProgressListener progress) {
        this(setup, progress, QueryExecutors.DEFAULT);
    }

    /** @param executor where queries run ({@link QueryExecutors} syntax) */
    public CorrectorTraining(CouplingSetup<S> setup, ProgressListener progress, String executor) {
        this.setup = setup;
        this.progress = progress;
        this.executor = executor;
    }

    /** The offline NON fit; returns the selected parameters, also written to {@code dir/theta.params}. */
    public double[] trainNon(Path dir) {
        TrainingSpec t = setup.spec().training();
        NonTraining<S> non = new NonTraining<>(setup.corrector(), setup.pairs(), t.nonBatch(), t.seed());
        Optimizer adam = Adam.builder(new LearningRateSchedule.Cosine(t.nonLearningRate(), 0.0, t.nonSteps())).build();
        double[] init = setup.corrector().initialParameters(setup.spec().corrector().seed());
        GradientEstimator autodiff = non.estimator();
        // the fit's gradient is one autodiff call; its validation rollouts run on this machine's threads
        try (QueryExecutor rollouts = QueryExecutors.onThisMachine(executor)) {
            return train(dir, "non", s -> autodiff, non::objective, adam, t.nonSteps(), init,
                    Math.max(1, t.nonSteps() / 10), LocalQueryExecutor.serial(), rollouts, null);
        }
    }

    /**
     * A zeroth-order run through the solver.
     *
     * @param method {@code sol-zo}, {@code sol-rge}, or either with {@code -cold}
     * @param init   the starting parameters (random or the NON fit)
     */
    public double[] trainZo(Path dir, String method, double[] init) {
        TrainingSpec t = setup.spec().training();
        String mode = TrainingSpec.mode(method);
        if (!mode.equals("sol-zo") && !mode.equals("sol-rge")) {
            throw new IllegalArgumentException("not a zeroth-order mode: " + mode);
        }
        WindowSampler<S> windows = new WindowSampler<>(setup.reference(), t.parameters(), t.frames(), t.unroll(),
                t.windows(), t.seed());
        // the executor first: an unreachable cluster is reported before anything is written
        try (QueryExecutor executor = QueryExecutors.fromSpec(this.executor)) {
            // on a cluster, each step's loss travels as a recipe that members rebuild from their own data
            CoupledSystemRecipe system = executor instanceof ClusterQueryExecutor ? CoupledSystemRecipe.of(setup) : null;
            IntFunction<Objective> objectives = s -> rolloutLoss(windows.picks(s), system);
            return trainZo(dir, method, init, mode, objectives, executor, system);
        }
    }

    private double[] trainZo(Path dir, String method, double[] init, String mode, IntFunction<Objective> objectives,
                             QueryExecutor executor, CoupledSystemRecipe system) {
        TrainingSpec t = setup.spec().training();
        ParameterSpace space = setup.corrector().model().space();
        boolean cold = TrainingSpec.coldStart(method);
        // the readout phase only where the start has zero layers: a warm start runs as before
        ColdStartPlan plan = ColdStartPlan.of(space, init, budget(space, t.sparsity()),
                cold ? t.coldStart().readoutSteps() : 0);
        IntFunction<GradientEstimator> estimators;
        if (!plan.hasReadout()) {
            estimators = ranked(mode, layerRatios(dir, method, init, init, 0, objectives, executor));
        } else {
            progress.note(method + ": zero layers " + plan.zeroLayers() + " at the start; the first "
                    + plan.readoutSteps() + " steps query only them (" + plan.readoutRatios().asMap() + ")");
            MaskSampler readout = new MaskSampler(space, plan.readoutRatios(), t.seed(), t.redrawEvery());
            Rge readoutRge = new Rge(readout.maskSize(), t.mu(), Rge.Directions.GAUSSIAN)
                    .restrictedTo(plan.readoutCoordinates());
            AfterReadout after = new AfterReadout(theta -> ranked(mode,
                    layerRatios(dir, method, init, theta, plan.readoutSteps(), objectives, executor)));
            estimators = s -> !plan.inReadout(s) ? after.forStep(s) : mode.equals("sol-zo")
                    ? new SparseCge(() -> readout.maskForStep(s).toBooleanArray(), t.mu()) : readoutRge;
        }
        double peak = cold ? t.coldStart().learningRate() : t.learningRate();
        LearningRateSchedule lr = new LearningRateSchedule.Cosine(peak, 0.0, t.steps());
        Optimizer optimizer = t.optimizer().equals("sgd")
                ? Sgd.builder(lr).momentum(0.9).build() : Adam.builder(lr).build();
        return train(dir, method, estimators, objectives, optimizer, t.steps(), init, t.validateEvery(), executor,
                executor, system);
    }

    /** The loss on {@code picks}, with its recipe when {@code system} is given (cluster executors). */
    private Objective rolloutLoss(List<WindowSampler.Pick> picks, CoupledSystemRecipe system) {
        int unroll = setup.spec().training().unroll();
        RolloutLoss<S> loss = new RolloutLoss<>(setup.rollout(), WindowSampler.windows(setup.reference(), picks, unroll), true);
        return system == null ? loss : new DescribedObjective(loss, RolloutRecipe.of(system, unroll, picks, true));
    }

    /** Coordinates queried per step at the case's sparsity (before any layer floor). */
    static int budget(ParameterSpace space, double sparsity) {
        return space.dimension() - (int) Math.round(sparsity * space.dimension());
    }

    /**
     * The estimator of each step given layer ratios: sparse CGE over masks drawn from them, or RGE with
     * as many queries per step as sparse CGE spends (one per masked coordinate, plus f(θ)).
     */
    private IntFunction<GradientEstimator> ranked(String mode, LayerRatios ratios) {
        TrainingSpec t = setup.spec().training();
        MaskSampler sampler = new MaskSampler(setup.corrector().model().space(), ratios, t.seed(), t.redrawEvery());
        Rge rge = new Rge(sampler.maskSize(), t.mu(), Rge.Directions.GAUSSIAN);
        return mode.equals("sol-zo")
                ? s -> new SparseCge(() -> sampler.maskForStep(s).toBooleanArray(), t.mu())
                : s -> rge;
    }

    /**
     * The estimators after a readout phase: their layer ratios are ranked at the parameters of the first
     * step that asks for them (the step after the readout phase in an uninterrupted run; a resumed run
     * finds them in the run folder under the same key).
     */
    private static final class AfterReadout {
        private final java.util.function.Function<double[], IntFunction<GradientEstimator>> rank;
        private IntFunction<GradientEstimator> ranked;

        AfterReadout(java.util.function.Function<double[], IntFunction<GradientEstimator>> rank) {
            this.rank = rank;
        }

        GradientEstimator forStep(int step) {
            return (objective, theta, executor, random) -> {
                if (ranked == null) {
                    ranked = rank.apply(theta);
                }
                return ranked.apply(step).estimate(objective, theta, executor, random);
            };
        }
    }

    /**
     * ZO-GraSP (or random) layer ratios scored at {@code theta}, cached in the run folder under a key of
     * everything that shapes them: the run's settings ({@link CouplingSetup#configHash}: case, corrector,
     * windows, sparsity, pruning, seed, ...), the starting parameters and the readout phase before the
     * scoring. Ratios of other settings or another start are never reused.
     *
     * @param start        the run's starting parameters (for the key)
     * @param theta        where the scores are taken
     * @param afterReadout steps run before scoring (0: scored at the start)
     * @param objectives   the loss of each step; scored on step {@code steps}'s windows, which no training step draws
     */
    private LayerRatios layerRatios(Path dir, String method, double[] start, double[] theta, int afterReadout,
                                    IntFunction<Objective> objectives, QueryExecutor executor) {
        Path file = dir.resolve(ratiosFileName(setup.configHash(method), start, afterReadout));
        if (Files.isRegularFile(file)) {
            return LayerRatios.load(file);
        }
        TrainingSpec t = setup.spec().training();
        PruningScore score = switch (t.pruning()) {
            case "zo-grasp" -> ZoGrasp.withRge(ZoGrasp.DEFAULT_QUERIES, t.mu());
            // opt-in: 2d + 2 queries instead of 2q + 2, layer ratios much closer to first-order GraSP's
            case "zo-grasp-cge" -> ZoGrasp.withCge(t.mu(), Difference.FORWARD);
            default -> new RandomScore();
        };
        Objective objective = objectives.apply(t.steps());
        double[] importance = score.importance(objective, theta, executor, Seeds.forStep(t.seed() ^ 0x47524153L, 0));
        // every layer keeps at least half the average ratio: a layer GraSP scores zero (a zero layer:
        // θ ⊙ Hg = 0) and never queried would never move
        LayerRatios ratios = LayerRatios.fromScores(setup.corrector().model().space(), importance, t.sparsity())
                .atLeast((1 - t.sparsity()) / 2);
        mkdirs(dir);
        ratios.save(file);
        progress.note("layer keep ratios (" + t.pruning() + ", sparsity " + t.sparsity()
                + (afterReadout > 0 ? ", after " + afterReadout + " readout steps" : "") + "): " + ratios.asMap());
        return ratios;
    }

    /**
     * The file name of cached layer ratios: {@code ratios-<key>.txt}, the key a hash of the run's settings,
     * the starting parameters and the steps before scoring.
     */
    static String ratiosFileName(String configHash, double[] start, int afterReadout) {
        Map<String, Object> key = new java.util.LinkedHashMap<>();
        key.put("config", configHash);
        key.put("start", Hashing.ofSettings(start));
        key.put("after_readout", afterReadout);
        return "ratios-" + Hashing.ofSettings(key).substring(0, 16) + ".txt";
    }

    private double[] train(Path dir, String method, IntFunction<? extends GradientEstimator> estimators,
                           IntFunction<? extends Objective> objectives, Optimizer optimizer,
                           int steps, double[] init, int validateEvery, QueryExecutor executor,
                           QueryExecutor rollouts, CoupledSystemRecipe system) {
        mkdirs(dir);
        TrainingSpec t = setup.spec().training();
        TestRollouts<S> validation = setup.validation();
        // the validation rollouts: tasks of the executor, on members too when it is a cluster's
        java.util.function.ToDoubleFunction<double[]> validationMae = theta -> validation.errors(method, theta, rollouts,
                system == null ? null : ValidationRecipe.of(system, validation, theta)).mean();
        CheckpointStore store = new CheckpointStore(dir);
        Trainer trainer = Trainer.builder()
                .estimators(estimators)
                .objectives(objectives)
                .optimizer(optimizer)
                .executor(executor)
                .steps(steps)
                .seed(t.seed())
                .configHash(setup.configHash(method))
                .checkpoints(store, Math.max(1, Math.min(validateEvery, 10)))
                .metricsLog(dir.resolve("metrics.jsonl"))
                .evaluation((theta, done) -> Map.of("val_mae", validationMae.applyAsDouble(theta)),
                        validateEvery)
                .bestMetric("val_mae", false)
                .listener(new TrainingProgress("train " + method, progress))
                .build();
        TrainingResult result = trainer.resumeOrRun(init);
        double initialError = validationMae.applyAsDouble(init);
        boolean hasBest = Files.isRegularFile(store.bestPath());
        var bestCheckpoint = hasBest ? CheckpointStore.read(store.bestPath()) : null;
        double[] best = hasBest ? bestCheckpoint.theta() : result.theta();
        double[] chosen = result.bestMetric() < initialError ? best : init;
        int chosenStep = chosen == init ? 0 : hasBest ? bestCheckpoint.step() : result.completedSteps();
        progress.note(String.format(java.util.Locale.ROOT, "%s: validation MAE %.5f at start, best %.5f; kept %s",
                method, initialError, result.bestMetric(),
                chosen == init ? "the start" : "the best checkpoint (step " + chosenStep + ")"));
        new Selection(chosenStep, result.completedSteps(), initialError,
                chosen == init ? initialError : result.bestMetric()).write(dir);
        try {
            ParameterIO.save(dir.resolve(FINAL_FILE), setup.corrector().model().space(), result.theta());
            ParameterIO.save(dir.resolve(THETA_FILE), setup.corrector().model().space(), chosen);
            AtomicFiles.writeString(dir.resolve(HASH_FILE), setup.configHash(method) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(THETA_FILE), e);
        }
        return chosen;
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /**
     * The selected parameters of a finished run of {@code method} in {@code dir}, if there is one made
     * with the current settings (a run of other settings is not reused).
     */
    public static java.util.Optional<double[]> finished(Path dir, String method, CouplingSetup<?> setup) {
        Path theta = dir.resolve(THETA_FILE);
        Path hash = dir.resolve(HASH_FILE);
        try {
            if (!Files.isRegularFile(theta) || !Files.isRegularFile(hash)
                    || !Files.readString(hash).strip().equals(setup.configHash(method))) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(ParameterIO.load(theta, setup.corrector().model().space()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + theta, e);
        }
    }

}
