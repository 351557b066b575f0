package org.deepzero.defense.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.deepzero.common.AtomicFiles;
import org.deepzero.common.Hashing;
import org.deepzero.defense.blackbox.BlackBox;
import org.deepzero.defense.blackbox.MeteredBlackBox;
import org.deepzero.defense.blackbox.VictimClassifier;
import org.deepzero.defense.denoise.Networks;
import org.deepzero.defense.remote.BlackBoxRecipe;
import org.deepzero.defense.remote.StabilityRecipe;
import org.deepzero.vision.data.ImageSet;
import org.deepzero.vision.train.MaskSchedule;
import org.deepzero.zo.autodiff.AutodiffEstimator;
import org.deepzero.zo.autodiff.AutodiffGradient;
import org.deepzero.zo.cluster.ClusterQueryExecutor;
import org.deepzero.zo.estimate.GradientEstimator;
import org.deepzero.zo.estimate.SparseCge;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.objective.MeanSquaredError;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.objective.QueryOptions;
import org.deepzero.zo.objective.StagedObjective;
import org.deepzero.zo.optim.Adam;
import org.deepzero.zo.optim.LearningRateSchedule;
import org.deepzero.zo.param.ParameterIO;
import org.deepzero.zo.param.ParameterSpace;
import org.deepzero.zo.prune.LayerRatios;
import org.deepzero.zo.prune.MaskSampler;
import org.deepzero.zo.prune.ZoGrasp;
import org.deepzero.zo.query.DescribedObjective;
import org.deepzero.zo.query.QueryExecutor;
import org.deepzero.zo.query.QueryExecutors;
import org.deepzero.zo.train.CheckpointStore;
import org.deepzero.common.Seeds;
import org.deepzero.zo.train.Trainer;
import org.deepzero.zo.train.TrainingListener;
import org.deepzero.zo.train.TrainingResult;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains the denoiser of each defense method with zo-train's {@link Trainer} (checkpoints, resume,
 * metrics log), in folders under the run folder:
 * <ul>
 *   <li>{@code pretrain-denoiser/}: D pre-trained first-order on MSE denoising at σ (no access to F);</li>
 *   <li>{@code pretrain-autoencoder/}: the ZO-AE-DS autoencoder pre-trained on reconstruction;</li>
 *   <li>{@code train-<method>/}: fine-tuning through F from the pre-trained D: DeepZero-DS (sparse CGE,
 *       ZO-GraSP layer ratios, masks redrawn every k steps, feature reuse in D), ZO-AE-DS (RGE or CGE on the
 *       latent code), FO-DS (true gradients of F).</li>
 * </ul>
 * Each folder holds {@code config.sha} (the settings it was trained under), {@code metrics.jsonl},
 * {@code checkpoint.dzck}, and {@code theta.params} when finished. A finished folder of the same settings is
 * reused; an unfinished one is resumed when asked; one of other settings is refused.
 */
public final class DefenseTraining {
    private static final long PRETRAIN_SALT = 0x707265L;
    private static final long AE_SALT = 0x6165L;
    private static final long GRASP_SALT = 0x677261L;

    private final DefenseConfig config;
    private final ImageSet train;
    private final boolean resume;
    private final List<TrainingListener> listeners;
    private final StagedModel branch;
    /** Run folders this object continued from an earlier session's checkpoint (their cost is partly unknown here). */
    private final java.util.Set<Path> continued = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Where queries run; null: {@code local:threads}, opened per run. */
    private final QueryExecutor executor;

    /**
     * Outcome of one method's training.
     *
     * @param theta           the trained parameters: D's R, then (ZO-AE-DS) the encoder's; null for none
     * @param decoderTheta    the fixed decoder of ZO-AE-DS, else null
     * @param blackBoxQueries images sent to F in this session (ZO-GraSP and clean labels included)
     * @param wallSeconds     wall time of this session's fine-tuning
     * @param steps           fine-tuning steps done in this session
     * @param reused          whether a finished run was read back instead of trained
     */
    public record Trained(DefenseMethod method, double[] theta, double[] decoderTheta, long blackBoxQueries,
                          double wallSeconds, int steps, boolean reused) {
    }

    public DefenseTraining(DefenseConfig config, ImageSet train, boolean resume, List<? extends TrainingListener> listeners) {
        this(config, train, resume, listeners, null);
    }

    /**
     * @param executor where queries run, opened and closed by the caller; null: {@code local} with the
     *                 config's threads. On a cluster, DeepZero-DS's queries (ZO-GraSP's included) go to the
     *                 members as recipes ({@link StabilityRecipe}), which rebuild F, the images and the
     *                 batches from the config's files, and ZO-AE-DS's black-box evaluations as
     *                 {@link org.deepzero.defense.remote.LatentQueriesRecipe}: {@code train} must then be the first
     *                 {@code trainImages} of {@code config.data()} and the black box F of
     *                 {@code config.victimParams()}, as {@link org.deepzero.defense.DefensePipeline} makes them
     */
    public DefenseTraining(DefenseConfig config, ImageSet train, boolean resume, List<? extends TrainingListener> listeners,
                           QueryExecutor executor) {
        this.executor = executor;
        this.config = config;
        this.train = train;
        this.resume = resume;
        this.listeners = List.copyOf(listeners);
        this.branch = Networks.denoiserBranch(config.denoiserWidth(), config.denoiserLayers());
    }

    /** The denoiser's residual branch R. */
    public StagedModel branch() {
        return branch;
    }

    /** The denoiser pre-trained on MSE at σ (trained now, or read back from its folder). */
    public double[] pretrainedDenoiser() {
        Path dir = config.out().resolve("pretrain-denoiser");
        NoisyBatches batches = new NoisyBatches(train, config.sigma(), config.pretrainBatch(), Seeds.mix(config.seed(), PRETRAIN_SALT));
        IntFunction<Objective> objectives = s -> {
            NoisyBatches.NoisyBatch b = batches.batch(s);
            // residual learning: R(x + δ) should be −δ, i.e. D(x + δ) = x
            return new StagedObjective(branch, b.noisy(), new MeanSquaredError(b.clean().sub(b.noisy())), QueryOptions.plain());
        };
        return run(dir, "pretrain-denoiser", branch.space(), new AutodiffEstimator(new AutodiffGradient(branch, DataType.FLOAT)),
                objectives, config.pretrainSteps(), config.pretrainLr(), branch.initialParameters(config.seed())).theta();
    }

    /** The ZO-AE-DS autoencoder pre-trained on reconstructing clean images. */
    public double[] pretrainedAutoencoder() {
        StagedModel ae = Networks.autoencoder(config.encoderWidth());
        Path dir = config.out().resolve("pretrain-autoencoder");
        NoisyBatches batches = new NoisyBatches(train, config.sigma(), config.pretrainBatch(), Seeds.mix(config.seed(), AE_SALT));
        IntFunction<Objective> objectives = s -> {
            INDArray clean = batches.batch(s).clean();
            return new StagedObjective(ae, clean, new MeanSquaredError(clean.reshape(clean.size(0), ImageSet.IMAGE_BYTES)),
                    QueryOptions.plain());
        };
        return run(dir, "pretrain-autoencoder", ae.space(), new AutodiffEstimator(new AutodiffGradient(ae, DataType.FLOAT)),
                objectives, config.aeSteps(), config.pretrainLr(), ae.initialParameters(Seeds.mix(config.seed(), AE_SALT))).theta();
    }

    /**
     * Trains the denoiser of {@code method} through the black box.
     *
     * @param blackBox the query-only view of F (DeepZero-DS, ZO-AE-DS)
     * @param victim   the white-box F, used by FO-DS only
     */
    public Trained train(DefenseMethod method, BlackBox blackBox, VictimClassifier victim) {
        if (method == DefenseMethod.NONE) {
            return new Trained(method, null, null, 0, 0, 0, true);
        }
        double[] d0 = pretrainedDenoiser();
        long before = blackBox.queries();
        switch (method) {
            case MSE -> {
                return new Trained(method, d0, null, 0, 0, 0, true);
            }
            case DEEPZERO -> {
                // metered: the images members send to F are counted here too
                MeteredBlackBox box = MeteredBlackBox.of(blackBox);
                return finish(method, deepZero(d0, box), null, box, before);
            }
            case FO -> {
                IntFunction<Objective> objectives = stabilityObjectives(victim.asBlackBox(), QueryOptions.plain());
                return finish(method, run(dir(method), method.id(), branch.space(),
                        new FoDsEstimator(DenoiserGraph.throughClassifier(branch, victim)), objectives, config.steps(),
                        config.lr(), d0), null, blackBox, before);
            }
            case ZO_AE, ZO_AE_CGE -> {
                // metered: the images members send to F are counted here too
                return zoAe(method, d0, MeteredBlackBox.of(blackBox), before);
            }
            default -> throw new IllegalStateException("unknown method " + method);
        }
    }

    private Trained finish(DefenseMethod method, TrainingResult r, double[] decoder, BlackBox blackBox, long before) {
        Trained t = new Trained(method, r.theta(), decoder, blackBox.queries() - before, r.wallSeconds(), r.completedSteps(),
                r.completedSteps() == 0 && r.finished());
        if (r.finished() && !t.reused()) {
            new TrainingCost(t.blackBoxQueries(), t.wallSeconds(), t.steps(), continued.contains(dir(method))).save(dir(method));
        }
        return t;
    }

    /** The cost recorded when {@code method}'s run finished (empty for none and mse, or runs finished before it was kept). */
    public java.util.Optional<TrainingCost> recordedCost(DefenseMethod method) {
        return method == DefenseMethod.NONE || method == DefenseMethod.MSE ? java.util.Optional.empty()
                : TrainingCost.load(dir(method));
    }

    private Path dir(DefenseMethod method) {
        return config.out().resolve("train-" + method.id());
    }

    /** Stability objectives of R on the fine-tuning batches; F's clean labels cost one query per image. */
    private IntFunction<Objective> stabilityObjectives(BlackBox blackBox, QueryOptions options) {
        NoisyBatches batches = new NoisyBatches(train, config.sigma(), config.batch(), config.seed());
        return s -> {
            NoisyBatches.NoisyBatch b = batches.batch(s);
            int[] labels = StabilityLoss.labelsOf(blackBox, b.clean());
            return new StagedObjective(branch, b.noisy(), new StabilityLoss(blackBox, b.noisy(), labels), options);
        };
    }

    /**
     * DeepZero-DS's objective of step {@code s} with F's labels of its clean images (one query each), with
     * its recipe when queries may go to cluster members ({@code blackBoxRecipe} not null).
     */
    private Objective deepZeroObjective(NoisyBatches batches, int s, MeteredBlackBox blackBox,
                                        BlackBoxRecipe blackBoxRecipe, QueryOptions options) {
        NoisyBatches.NoisyBatch b = batches.batch(s);
        int[] labels = StabilityLoss.labelsOf(blackBox, b.clean());
        StabilityObjective o = StabilityObjective.of(branch, b.noisy(), blackBox, labels, options);
        return blackBoxRecipe == null ? o : new DescribedObjective(o,
                StabilityRecipe.of(blackBoxRecipe, config.sigma(), config.batch(), config.seed(), s, labels, options));
    }

    /**
     * What cluster members rebuild F, the images and the branch from, so that each step's objective (or
     * a ZO-AE-DS estimate's black-box evaluations) can travel as a recipe; null on this machine alone.
     */
    private BlackBoxRecipe blackBoxRecipe() {
        return executor instanceof ClusterQueryExecutor ? BlackBoxRecipe.of(config) : null;
    }

    private TrainingResult deepZero(double[] d0, MeteredBlackBox blackBox) {
        int d = branch.space().dimension();
        double sparsity = 1.0 - (double) Math.min(config.coordinates(), d) / d;
        Path ratiosFile = dir(DefenseMethod.DEEPZERO).resolve("ratios.txt");
        LayerRatios ratios;
        NoisyBatches batches = new NoisyBatches(train, config.sigma(), config.batch(), config.seed());
        BlackBoxRecipe recipe = blackBoxRecipe();
        IntFunction<Objective> objectives = s -> deepZeroObjective(batches, s, blackBox, recipe, QueryOptions.all(8));
        if (Files.exists(ratiosFile) && Files.exists(dir(DefenseMethod.DEEPZERO).resolve("config.sha"))) {
            ratios = LayerRatios.load(ratiosFile); // a resumed or reused run keeps its ratios
        } else {
            // ZO-GraSP at the pre-trained D on the first batch (its queries count against the budget)
            try (QueryExecutor executor = executor()) {
                Objective first = deepZeroObjective(batches, 0, blackBox, recipe, QueryOptions.plain());
                double[] importance = ZoGrasp.withRge(config.graspQueries(), config.mu()).importance(first, d0, executor,
                        new SplittableRandom(Seeds.mix(config.seed(), GRASP_SALT)));
                ratios = LayerRatios.fromScores(branch.space(), importance, sparsity);
            }
            mkdirs(dir(DefenseMethod.DEEPZERO));
            ratios.save(ratiosFile);
        }
        MaskSchedule masks = new MaskSchedule(new MaskSampler(branch.space(), ratios, config.seed(), config.maskEvery()));
        IntFunction<Objective> moving = s -> {
            masks.moveTo(s); // the estimate that follows is of step s
            return objectives.apply(s);
        };
        return run(dir(DefenseMethod.DEEPZERO), "deepzero", branch.space(), new SparseCge(masks, config.mu()), moving,
                config.steps(), config.lr(), d0);
    }

    private Trained zoAe(DefenseMethod method, double[] d0, MeteredBlackBox blackBox, long before) {
        double[] ae = pretrainedAutoencoder();
        StagedModel encoder = Networks.encoder(config.encoderWidth());
        StagedModel decoder = Networks.decoder();
        int e = encoder.space().dimension();
        double[] encoderTheta = java.util.Arrays.copyOfRange(ae, 0, e);
        double[] decoderTheta = java.util.Arrays.copyOfRange(ae, e, ae.length);
        ParameterSpace space = Networks.concat(branch, encoder);
        double[] start = new double[space.dimension()];
        System.arraycopy(d0, 0, start, 0, d0.length);
        System.arraycopy(encoderTheta, 0, start, d0.length, e);
        NoisyBatches batches = new NoisyBatches(train, config.sigma(), config.batch(), config.seed());
        BlackBoxRecipe recipe = blackBoxRecipe();
        IntFunction<Objective> objectives = s -> {
            NoisyBatches.NoisyBatch b = batches.batch(s);
            int[] labels = StabilityLoss.labelsOf(blackBox, b.clean());
            return new AutoencoderObjective(branch, encoder, decoder, decoderTheta, blackBox, recipe, b.noisy(), labels);
        };
        GradientEstimator estimator = new ZoAeEstimator(DenoiserGraph.throughEncoder(branch, encoder),
                config.coordinates(), config.mu(), method == DefenseMethod.ZO_AE_CGE);
        TrainingResult r = run(dir(method), method.id(), space, estimator, objectives, config.steps(), config.lr(), start);
        return finish(method, r, decoderTheta, blackBox, before);
    }

    /** One training run in {@code dir}: reuse when finished with the same settings, resume when asked. */
    private TrainingResult run(Path dir, String what, ParameterSpace space, GradientEstimator estimator,
                               IntFunction<Objective> objectives, int steps, double lr, double[] start) {
        String key = what + " " + space + " " + denoiserKey()
                // only the runs that use the autoencoder depend on its settings: DeepZero-DS and FO-DS do not
                + (what.equals("pretrain-autoencoder")
                        || !what.startsWith("pretrain") && DefenseMethod.of(what).usesAutoencoder() ? " " + autoencoderKey() : "")
                + (what.startsWith("pretrain") ? "" : " " + fineTuneKey());
        String hash = Hashing.ofText(key);
        Path params = dir.resolve("theta.params");
        Path sha = dir.resolve("config.sha");
        try {
            if (Files.exists(params) && Files.exists(sha) && Files.readString(sha).trim().equals(hash)) {
                return new TrainingResult(ParameterIO.load(params, space), 0, true, 0, 0, Double.NaN, Double.NaN);
            }
            mkdirs(dir);
            AtomicFiles.writeString(sha, hash + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use run folder " + dir + ": " + e.getMessage(), e);
        }
        try (QueryExecutor executor = executor()) {
            Trainer.Builder b = Trainer.builder()
                    .estimator(estimator)
                    .objectives(objectives)
                    .optimizer(Adam.builder(LearningRateSchedule.cosine(lr, 0.0, steps)).build())
                    .executor(executor)
                    .steps(steps)
                    .seed(config.seed())
                    .configHash(hash)
                    .checkpoints(new CheckpointStore(dir), Math.max(1, Math.min(20, steps / 5)))
                    .metricsLog(dir.resolve("metrics.jsonl"));
            listeners.forEach(b::listener);
            Trainer trainer = b.build();
            if (resume && Files.exists(dir.resolve(CheckpointStore.LATEST))) {
                continued.add(dir);
            }
            TrainingResult r = resume ? trainer.resumeOrRun(start) : trainer.run(start);
            if (r.finished()) {
                ParameterIO.save(params, space, r.theta());
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to run folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The caller's executor (left open on close) or a local one of the config's threads. */
    private QueryExecutor executor() {
        if (executor == null) {
            return QueryExecutors.fromSpec("local:" + config.threads());
        }
        QueryExecutor shared = executor;
        return new QueryExecutor() {
            @Override
            public double[] evaluate(Objective objective, org.deepzero.zo.query.QueryBatch batch) {
                return shared.evaluate(objective, batch);
            }

            @Override
            public double[][] run(org.deepzero.zo.query.TaskSet tasks) {
                return shared.run(tasks);
            }
        };
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The settings D's pre-training depends on (other changes keep the pre-trained D). */
    private String denoiserKey() {
        return "sigma=" + config.sigma() + " seed=" + config.seed() + " trainImages=" + config.trainImages()
                + " denoiser=" + config.denoiserWidth() + "x" + config.denoiserLayers()
                + " pretrainSteps=" + config.pretrainSteps() + " pretrainBatch=" + config.pretrainBatch()
                + " pretrainLr=" + config.pretrainLr();
    }

    /** The autoencoder's pre-training settings. */
    private String autoencoderKey() {
        return "encoder=" + config.encoderWidth() + " aeSteps=" + config.aeSteps();
    }

    /** The settings of fine-tuning through F, the black box included. */
    private String fineTuneKey() {
        return "victim=" + config.victimModel().label() + ":" + config.victimParams().toAbsolutePath().normalize()
                + " bnImages=" + config.bnImages() + " steps=" + config.steps() + " batch=" + config.batch()
                + " lr=" + config.lr() + " mu=" + config.mu() + " coordinates=" + config.coordinates()
                + " maskEvery=" + config.maskEvery() + " graspQueries=" + config.graspQueries();
    }
}
