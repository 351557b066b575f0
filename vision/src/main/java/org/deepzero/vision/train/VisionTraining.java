package org.deepzero.vision.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deepzero.common.AtomicFiles;
import org.deepzero.common.Hashing;
import org.deepzero.common.InputException;
import org.deepzero.vision.data.Augmentation;
import org.deepzero.vision.data.BatchSampler;
import org.deepzero.vision.data.ChannelStats;
import org.deepzero.vision.data.Cifar10;
import org.deepzero.vision.data.ImageSet;
import org.deepzero.vision.data.Batch;
import org.deepzero.zo.objective.CrossEntropyLoss;
import org.deepzero.zo.objective.QueryOptions;
import org.deepzero.zo.objective.StagedObjective;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.optim.LearningRateSchedule;
import org.deepzero.zo.optim.Sgd;
import org.deepzero.zo.optim.WeightDecay;
import org.deepzero.zo.param.ParameterIO;
import org.deepzero.zo.cluster.ClusterQueryExecutor;
import org.deepzero.zo.query.DescribedObjective;
import org.deepzero.zo.query.QueryExecutor;
import org.deepzero.zo.train.CheckpointStore;
import org.deepzero.zo.train.StepReport;
import org.deepzero.zo.train.Trainer;
import org.deepzero.zo.train.TrainingListener;
import org.deepzero.zo.train.TrainingResult;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One CIFAR-10 training run as configured by a {@link TrainConfig}: data, model, the gradient method
 * (FO autodiff, CGE, sparse CGE, RGE), SGD with cosine decay, test accuracy per epoch, and zo-train's
 * {@link Trainer} for the loop, checkpoints, resume and the metrics log.
 * <p>
 * Run folder: {@code config.txt} (the settings and their hash), {@code metrics.jsonl} (one line per
 * step; epoch ends add {@code epoch}, {@code test_accuracy}, {@code test_loss}, {@code epoch_train_s}),
 * {@code checkpoint.dzck} / {@code best.dzck}, and {@code final.params} at the end.
 */
public final class VisionTraining {
    /** Images per test forward pass (and the statistics window when batch norm is not calibrated). */
    public static final int TEST_CHUNK = 500;

    /** Coordinate queries stacked into one batched forward through the network's tail. */
    static final int QUERY_STACK = 8;

    private VisionTraining() {
    }

    /** The outcome of a run. */
    public record Summary(List<EpochResult> epochs, TrainingResult result, int dimension, int stepsPerEpoch) {
        public Summary {
            epochs = List.copyOf(epochs);
        }

        /** Test accuracy after the last epoch, in percent (NaN if no epoch ended in this session). */
        public double finalAccuracy() {
            return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).testAccuracy();
        }
    }

    /**
     * Trains (or continues from the latest checkpoint in the run folder when {@code resume}).
     *
     * @param listeners extra progress listeners, e.g. a progress line
     */
    public static Summary run(TrainConfig config, boolean resume, List<? extends TrainingListener> listeners) {
        if (resume && !Files.isRegularFile(config.out().resolve(CheckpointStore.LATEST))) {
            throw new InputException(config.out(), null, "no checkpoint to resume from (" + CheckpointStore.LATEST
                    + " missing); run without --resume to start afresh");
        }
        ImageSet train = Cifar10.train(config.data(), config.trainImages());
        ImageSet test = Cifar10.test(config.data(), config.testImages());
        // statistics of the whole training split, whatever subset is trained on
        ChannelStats stats = ChannelStats.of(config.trainImages() >= 50_000 ? train : Cifar10.train(config.data()));
        StagedModel model = config.model().build(DataType.FLOAT);
        BatchSampler sampler = new BatchSampler(train, stats,
                config.augment() ? Augmentation.STANDARD : Augmentation.NONE, config.batchSize(), config.seed());
        int perEpoch = sampler.batchesPerEpoch();
        int steps = Math.multiplyExact(perEpoch, config.epochs());

        String hash = Hashing.ofSettings(config.settings());
        EpochEvaluator evaluator = new EpochEvaluator(testAccuracy(model, train, test, stats, config.bnImages()), perEpoch);
        EpochCollector epochs = new EpochCollector();
        // the executor first: an unreachable cluster is reported before anything is written
        try (QueryExecutor executor = Estimators.executor(config)) {
            Path ratiosFile = config.out().resolve("ratios.txt");
            // a resumed run reuses the ratios it computed before instead of scoring θ0 again
            Estimators.Choice choice = Estimators.create(config, model, perEpoch, executor,
                    resume && Files.exists(ratiosFile) ? ratiosFile : config.ratiosFile());
            // written only once the inputs (data, a ratios file) are known good: bad input writes nothing
            if (!resume || !Files.exists(config.out().resolve("config.txt"))) {
                writeConfig(config, hash, model); // a resume keeps the record of the run it continues
            }
            if (choice.ratios() != null) {
                choice.ratios().save(ratiosFile);
            }
            MaskSchedule masks = choice.masks();
            // on a cluster, each step's objective travels as a recipe members rebuild from their own data
            String dataHash = executor instanceof ClusterQueryExecutor ? CifarBatchRecipe.dataHash(config.data()) : null;
            Trainer.Builder b = Trainer.builder()
                    .estimator(choice.estimator())
                    .objectives(s -> {
                        if (masks != null) {
                            masks.moveTo(s); // the estimate that follows is of step s
                        }
                        StagedObjective o = objective(model, sampler.batch(s / perEpoch, s % perEpoch));
                        return dataHash == null ? o
                                : new DescribedObjective(o, CifarBatchRecipe.of(config, dataHash, s / perEpoch, s % perEpoch));
                    })
                    .optimizer(Sgd.builder(LearningRateSchedule.cosine(config.learningRate(), 0.0, steps))
                            .momentum(config.momentum()).weightDecay(config.weightDecay(), WeightDecay.L2).build())
                    .executor(executor)
                    .steps(steps)
                    .seed(config.seed())
                    .configHash(hash)
                    .checkpoints(new CheckpointStore(config.out()), Math.max(1, Math.min(perEpoch, 20)))
                    .metricsLog(config.out().resolve("metrics.jsonl"))
                    .evaluation(evaluator, perEpoch)
                    .bestMetric("test_accuracy", true)
                    .listener(evaluator)
                    .listener(epochs);
            listeners.forEach(b::listener);
            Trainer trainer = b.build();
            TrainingResult result = resume ? trainer.resume() : trainer.run(model.initialParameters(config.seed()));
            if (result.finished()) {
                ParameterIO.save(config.out().resolve("final.params"), model.space(), result.theta());
            }
            return new Summary(epochs.results, result, model.space().dimension(), perEpoch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to run folder " + config.out() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Test accuracy with eval-mode batch norm calibrated on the first {@code bnImages} training images
     * (0: each test chunk normalised with its own statistics).
     */
    public static TestAccuracy testAccuracy(StagedModel model, ImageSet train, ImageSet test, ChannelStats stats,
            int bnImages) {
        ImageSet calibration = bnImages == 0 ? null : train.first(bnImages);
        return new TestAccuracy(model, test, calibration, stats, TEST_CHUNK);
    }

    /** The loss on one mini-batch, with all of zo-train's query speed-ups (values equal a plain forward's). */
    static StagedObjective objective(StagedModel model, Batch batch) {
        return new StagedObjective(model, batch.features(model.dataType()),
                new CrossEntropyLoss(batch.labels(), ImageSet.CLASSES), QueryOptions.all(QUERY_STACK));
    }

    private static void writeConfig(TrainConfig config, String hash, StagedModel model) {
        try {
            StringBuilder text = new StringBuilder("# deepzero vision train\n");
            config.settings().forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            text.append("parameters=").append(model.space().dimension()).append("\nconfigHash=").append(hash).append('\n');
            AtomicFiles.writeString(config.out().resolve("config.txt"), text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to run folder " + config.out() + ": " + e.getMessage(), e);
        }
    }

    /** Collects the epoch metrics the evaluator adds to step reports. */
    private static final class EpochCollector implements TrainingListener {
        private final List<EpochResult> results = new ArrayList<>();

        @Override
        public void onStep(StepReport r) {
            Double acc = r.metrics().get("test_accuracy");
            if (acc != null) {
                results.add(new EpochResult(r.metrics().get("epoch").intValue(), acc, r.metrics().get("test_loss"),
                        r.metrics().get("epoch_train_s")));
            }
        }
    }
}
