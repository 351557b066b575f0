package org.deepzero.zo.train;

import org.deepzero.common.Seeds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.deepzero.zo.estimate.GradientEstimator;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.optim.Optimizer;
import org.deepzero.zo.query.QueryExecutor;

/**
 * The zeroth-order training loop of DeepZero (Chen et al., "DeepZero: Scaling up Zeroth-Order
 * Optimization for Deep Model Training", ICLR 2024): at each step {@code s = 0, 1, ...}
 * <ol>
 *   <li>derive the step's generator from (seed, s) ({@link Seeds#forStep}),</li>
 *   <li>take the objective of mini-batch s from the provider,</li>
 *   <li>estimate the gradient from function values ({@link GradientEstimator}),</li>
 *   <li>apply the optimizer's update,</li>
 *   <li>evaluate every k steps, report to listeners (metrics log, progress line),</li>
 *   <li>checkpoint atomically every k steps, at the end, and when a stop is requested.</li>
 * </ol>
 * Because all randomness and the data order are functions of (seed, s), a run resumed from a
 * checkpoint replays the remaining steps exactly: it ends with bit-identical parameters to an
 * uninterrupted run, provided the objectives and estimator are deterministic for a given generator
 * (one thread, or an executor that returns values in query order).
 * <p>
 * A trainer runs once: build a new one (with a fresh optimizer) to resume in a new process.
 */
public final class Trainer {

    private final IntFunction<? extends GradientEstimator> estimators;
    private final IntFunction<? extends Objective> objectives;
    private final Optimizer optimizer;
    private final QueryExecutor executor;
    private final int totalSteps;
    private final long seed;
    private final String configHash;
    private final CheckpointStore checkpoints;
    private final int checkpointEvery;
    private final Path metricsFile;
    private final Evaluator evaluator;
    private final int evaluateEvery;
    private final String bestMetric;
    private final boolean higherIsBetter;
    private final List<TrainingListener> listeners;

    private volatile boolean stopRequested;
    private boolean started;

    private Trainer(Builder b) {
        this.estimators = b.estimators;
        this.objectives = b.objectives;
        this.optimizer = b.optimizer;
        this.executor = b.executor;
        this.totalSteps = b.totalSteps;
        this.seed = b.seed;
        this.configHash = b.configHash;
        this.checkpoints = b.checkpoints;
        this.checkpointEvery = b.checkpointEvery;
        this.metricsFile = b.metricsFile;
        this.evaluator = b.evaluator;
        this.evaluateEvery = b.evaluateEvery;
        this.bestMetric = b.bestMetric;
        this.higherIsBetter = b.higherIsBetter;
        this.listeners = List.copyOf(b.listeners);
    }

    /** Starts a configuration; estimator, objectives, optimizer, executor and steps are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains from {@code initialTheta} (not modified) for all steps; the metrics log is started afresh.
     *
     * @throws IllegalStateException if this trainer already ran
     */
    public TrainingResult run(double[] initialTheta) {
        begin();
        MetricsLog log = metricsFile == null ? null : MetricsLog.create(metricsFile);
        return loop(initialTheta.clone(), 0, 0, 0.0, Double.NaN, log);
    }

    /**
     * Continues from the latest checkpoint of the store: parameters, optimizer state, counters; the
     * metrics log is cut back to the checkpoint's step and appended to.
     *
     * @throws IllegalStateException       if no checkpoint store was configured or it holds no checkpoint
     * @throws CheckpointMismatchException naming the file if the checkpoint has another parameter count,
     *                                     configuration hash or seed
     */
    public TrainingResult resume() {
        if (checkpoints == null) {
            throw new IllegalStateException("cannot resume: no checkpoint store configured");
        }
        Checkpoint c = checkpoints.loadLatest().orElseThrow(() -> new IllegalStateException(
                "cannot resume: no checkpoint at " + checkpoints.latestPath()));
        return resumeFrom(c);
    }

    /** {@link #resume()} if the store holds a checkpoint, else {@link #run(double[])}. */
    public TrainingResult resumeOrRun(double[] initialTheta) {
        if (checkpoints != null && java.nio.file.Files.exists(checkpoints.latestPath())) {
            return resume();
        }
        return run(initialTheta);
    }

    /**
     * Asks the running loop to stop after the current step; it then writes a checkpoint (if a store is
     * configured) and returns normally. Safe to call from any thread, e.g. a shutdown hook or a listener.
     */
    public void requestStop() {
        stopRequested = true;
    }

    private TrainingResult resumeFrom(Checkpoint c) {
        Path file = checkpoints.latestPath();
        int dimension = objectives.apply(Math.min(c.step(), totalSteps - 1)).space().dimension();
        c.requireCompatible(file, dimension, configHash, seed);
        if (c.step() > totalSteps) {
            throw new CheckpointMismatchException(file, "the step (beyond this run's total)", "<= " + totalSteps,
                    c.step());
        }
        begin();
        optimizer.restore(c.optimizerState());
        MetricsLog log = metricsFile == null ? null : MetricsLog.resume(metricsFile, c.step());
        return loop(c.theta(), c.step(), c.totalQueries(), c.wallSeconds(), c.bestMetric(), log);
    }

    private void begin() {
        if (started) {
            throw new IllegalStateException("this trainer already ran; build a new one (with a fresh optimizer)");
        }
        started = true;
    }

    private TrainingResult loop(double[] theta, int firstStep, long queries, double wallBefore, double best,
                                MetricsLog log) {
        List<TrainingListener> all = new ArrayList<>();
        if (log != null) {
            all.add(log);
        }
        all.addAll(listeners);
        long startNanos = System.nanoTime();
        double lastLoss = Double.NaN;
        int done = firstStep;
        try {
            for (TrainingListener l : all) {
                l.onStart(firstStep, totalSteps, queries);
            }
            for (int s = firstStep; s < totalSteps && !stopRequested; s++) {
                SplittableRandom random = Seeds.forStep(seed, s);
                Objective objective = objectives.apply(s);
                if (objective.space().dimension() != theta.length) {
                    throw new IllegalStateException("objective of step " + s + " has " + objective.space().dimension()
                            + " parameters, the model has " + theta.length);
                }
                GradientEstimator.Estimate e = estimators.apply(s).estimate(objective, theta, executor, random);
                if (e.gradient().length != theta.length) {
                    throw new IllegalStateException("estimator returned " + e.gradient().length
                            + " gradient entries for " + theta.length + " parameters");
                }
                double lr = optimizer.learningRate(s);
                optimizer.step(theta, e.gradient(), s);
                queries += e.queries();
                done = s + 1;
                lastLoss = e.value();

                Map<String, Double> metrics = Collections.emptyMap();
                boolean improved = false;
                if (evaluator != null && (done % evaluateEvery == 0 || done == totalSteps)) {
                    metrics = new LinkedHashMap<>(evaluator.evaluate(theta.clone(), done));
                    Double value = bestMetric == null ? null : metrics.get(bestMetric);
                    if (value != null && !value.isNaN() && (Double.isNaN(best)
                            || (higherIsBetter ? value > best : value < best))) {
                        best = value;
                        improved = true;
                    }
                }
                double wall = wallBefore + (System.nanoTime() - startNanos) * 1e-9;
                StepReport report = new StepReport(done, totalSteps, e.value(), lr, e.queries(), queries, wall, metrics);
                for (TrainingListener l : all) {
                    l.onStep(report);
                }
                boolean due = done % checkpointEvery == 0 || done == totalSteps || stopRequested;
                if (checkpoints != null && (due || improved)) {
                    Checkpoint c = new Checkpoint(done, theta, optimizer.state(), best, queries, wall, seed, configHash);
                    // best before latest: a crash between the two then replays this step and writes the
                    // same best again; the other order would resume with a best metric whose
                    // parameters were never saved
                    if (improved) {
                        checkpoints.saveBest(c);
                    }
                    if (due) {
                        checkpoints.save(c);
                    }
                }
            }
            double wall = wallBefore + (System.nanoTime() - startNanos) * 1e-9;
            TrainingResult result = new TrainingResult(theta, done, done == totalSteps, queries, wall, lastLoss, best);
            for (TrainingListener l : all) {
                l.onEnd(result);
            }
            return result;
        } finally {
            if (log != null) {
                log.close();
            }
        }
    }

    /** Configuration of a {@link Trainer}. */
    public static final class Builder {
        private IntFunction<? extends GradientEstimator> estimators;
        private IntFunction<? extends Objective> objectives;
        private Optimizer optimizer;
        private QueryExecutor executor;
        private int totalSteps = -1;
        private long seed = 42;
        private String configHash = "unspecified";
        private CheckpointStore checkpoints;
        private int checkpointEvery = Integer.MAX_VALUE;
        private Path metricsFile;
        private Evaluator evaluator;
        private int evaluateEvery;
        private String bestMetric;
        private boolean higherIsBetter;
        private final List<TrainingListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /** How gradients are estimated from function values, the same at every step. */
        public Builder estimator(GradientEstimator estimator) {
            Objects.requireNonNull(estimator, "estimator");
            this.estimators = s -> estimator;
            return this;
        }

        /**
         * The estimator of 0-based step s, for estimators that change with the step, e.g. sparse CGE
         * over the mask of step s: {@code s -> new SparseCge(() -> sampler.maskForStep(s).toBooleanArray(), mu)}.
         * Like the objectives, it must be a function of s only, so that a resumed run replays exactly.
         */
        public Builder estimators(IntFunction<? extends GradientEstimator> estimators) {
            this.estimators = Objects.requireNonNull(estimators, "estimators");
            return this;
        }

        /**
         * The objective of 0-based step s, e.g. the loss on mini-batch s. It must be a function of s
         * (and the run's configuration) only, e.g. batches drawn from a generator seeded by (seed, epoch),
         * so that a resumed run sees the same data.
         */
        public Builder objectives(IntFunction<? extends Objective> objectives) {
            this.objectives = Objects.requireNonNull(objectives, "objectives");
            return this;
        }

        /** The update rule; must be freshly built (its state is restored on resume). */
        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /** Where the estimator's queries run. */
        public Builder executor(QueryExecutor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Number of steps of the whole run, at least 1. */
        public Builder steps(int totalSteps) {
            if (totalSteps < 1) {
                throw new IllegalArgumentException("number of steps must be >= 1, got " + totalSteps);
            }
            this.totalSteps = totalSteps;
            return this;
        }

        /** Seed of all of the run's randomness; default 42. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * A hash of everything that defines the run (case file, model, estimator and optimizer settings),
         * stored in checkpoints; resuming with another hash is refused. Default {@code "unspecified"}.
         */
        public Builder configHash(String configHash) {
            this.configHash = Objects.requireNonNull(configHash, "configHash");
            return this;
        }

        /** Atomic checkpoints into {@code store} every {@code every} steps, at the end, and on a stop request. */
        public Builder checkpoints(CheckpointStore store, int every) {
            if (every < 1) {
                throw new IllegalArgumentException("checkpoint interval must be >= 1 step, got " + every);
            }
            this.checkpoints = Objects.requireNonNull(store, "store");
            this.checkpointEvery = every;
            return this;
        }

        /** A JSON-lines metrics log at {@code file} (see {@link MetricsLog}). */
        public Builder metricsLog(Path file) {
            this.metricsFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** Calls {@code evaluator} every {@code every} steps and after the last one. */
        public Builder evaluation(Evaluator evaluator, int every) {
            if (every < 1) {
                throw new IllegalArgumentException("evaluation interval must be >= 1 step, got " + every);
            }
            this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
            this.evaluateEvery = every;
            return this;
        }

        /**
         * Tracks the evaluation metric {@code name}: its best value goes into checkpoints, and the
         * checkpoint store keeps a copy of the best parameters.
         */
        public Builder bestMetric(String name, boolean higherIsBetter) {
            this.bestMetric = Objects.requireNonNull(name, "name");
            this.higherIsBetter = higherIsBetter;
            return this;
        }

        /** Adds a listener (progress line, custom hooks); called in the order added. */
        public Builder listener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public Trainer build() {
            Objects.requireNonNull(estimators, "an estimator is required");
            Objects.requireNonNull(objectives, "an objective provider is required");
            Objects.requireNonNull(optimizer, "an optimizer is required");
            Objects.requireNonNull(executor, "a query executor is required");
            if (totalSteps < 1) {
                throw new IllegalStateException("the number of steps is required");
            }
            if (bestMetric != null && evaluator == null) {
                throw new IllegalStateException("best metric '" + bestMetric + "' needs an evaluator");
            }
            return new Trainer(this);
        }
    }
}
