package org.deepzero.vision.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.deepzero.common.Seeds;
import org.deepzero.vision.data.TestData;
import org.deepzero.zo.estimate.Cge;
import org.deepzero.zo.estimate.Difference;
import org.deepzero.zo.estimate.GradientEstimator;
import org.deepzero.zo.estimate.Rge;
import org.deepzero.zo.nn.LayerSpec;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.StagedModels;
import org.deepzero.zo.objective.CrossEntropyLoss;
import org.deepzero.zo.objective.QueryOptions;
import org.deepzero.zo.objective.StagedObjective;
import org.deepzero.zo.optim.LearningRateSchedule;
import org.deepzero.zo.optim.Sgd;
import org.deepzero.zo.query.LocalQueryExecutor;
import org.deepzero.zo.train.CheckpointStore;
import org.deepzero.zo.train.Trainer;
import org.deepzero.zo.train.TrainingResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * DeepZero training through the trainer on real data: logistic regression on 4x4-average-pooled
 * CIFAR-10 images (1930 parameters), the first {@value #IMAGES} training images, mini-batches of
 * {@value #BATCH} drawn per step from (seed, step). CGE and RGE both lower the loss on the full set,
 * and a run interrupted after step 7 and resumed from its checkpoint ends bit-equal (one thread).
 * Lives in vision, whose tests find the data set ({@link TestData}); skipped when it is absent (failed under CI).
 */
@Tag("slow")
class CifarZoTrainingTest {

    static final int IMAGES = 512;
    static final int BATCH = 128;
    static final long SEED = 2024;

    static INDArray images;
    static int[] labels;
    static final StagedModel MODEL = StagedModels.convNet(new long[] {3, 32, 32},
            LayerSpec.parse("avgpool:4,flatten,dense:10"), DataType.FLOAT);

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws IOException {
        Path data = TestData.cifar10();
        byte[] record = new byte[3073];
        float[] pixels = new float[IMAGES * 3072];
        labels = new int[IMAGES];
        try (InputStream in = Files.newInputStream(data.resolve("cifar10-train-000.bin"))) {
            for (int n = 0; n < IMAGES; n++) {
                if (in.readNBytes(record, 0, record.length) != record.length) {
                    throw new IOException("short CIFAR-10 shard");
                }
                labels[n] = record[0];
                for (int i = 0; i < 3072; i++) {
                    pixels[n * 3072 + i] = (record[i + 1] & 0xff) / 255f - 0.5f;
                }
            }
        }
        images = Nd4j.create(pixels, new long[] {IMAGES, 3, 32, 32}, 'c');
    }

    private static StagedObjective batch(int step) {
        SplittableRandom r = new SplittableRandom(Seeds.mix(SEED ^ 0xba7cL, step));
        long[] idx = new long[BATCH];
        int[] y = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            idx[i] = r.nextInt(IMAGES);
            y[i] = labels[(int) idx[i]];
        }
        return new StagedObjective(MODEL, images.get(NDArrayIndex.indices(idx)).dup(), new CrossEntropyLoss(y, 10),
                QueryOptions.all(64));
    }

    private static double fullLoss(double[] theta) {
        return new CrossEntropyLoss(labels, 10).value(MODEL.forward(theta, images));
    }

    private Trainer.Builder trainer(GradientEstimator estimator, double lr, int steps, Path run,
                                    LocalQueryExecutor executor) {
        return Trainer.builder().estimator(estimator).objectives(CifarZoTrainingTest::batch)
                .optimizer(Sgd.builder(LearningRateSchedule.cosine(lr, 0, steps)).momentum(0.9).build())
                .executor(executor).steps(steps).seed(SEED).configHash(estimator.toString())
                .checkpoints(new CheckpointStore(run), 3).metricsLog(run.resolve("metrics.jsonl"))
                .evaluation((theta, s) -> Map.of("train_loss", fullLoss(theta)), steps);
    }

    private void trainAndResume(String name, GradientEstimator estimator, double lr, int steps, double minDrop) {
        double[] theta0 = MODEL.initialParameters(1);
        double before = fullLoss(theta0);
        try (LocalQueryExecutor executor = LocalQueryExecutor.serial()) {
            long t0 = System.nanoTime();
            TrainingResult whole = trainer(estimator, lr, steps, dir.resolve(name + "-whole"), executor).build().run(theta0);
            double secs = (System.nanoTime() - t0) * 1e-9;
            double after = fullLoss(whole.theta());

            Path run = dir.resolve(name + "-split");
            Trainer[] self = new Trainer[1];
            assertThrows(IllegalStateException.class, () -> trainer(estimator, lr, steps, run, executor)
                    .listener(r -> {
                        if (r.step() == 7) {
                            throw new IllegalStateException("simulated crash after step 7");
                        }
                    }).build().run(theta0));
            assertEquals(6, CheckpointStore.read(run.resolve(CheckpointStore.LATEST)).step());
            TrainingResult resumed = trainer(estimator, lr, steps, run, executor).build().resume();

            System.out.printf("%s on %d CIFAR-10 images, %d parameters, %d steps: full-set loss %.4f -> %.4f, "
                            + "%d queries, %.0f queries/s; resumed after a crash at step 7: bit-equal %b%n",
                    name, IMAGES, theta0.length, steps, before, after, whole.totalQueries(),
                    whole.totalQueries() / secs, java.util.Arrays.equals(whole.theta(), resumed.theta()));
            assertTrue(after < before - minDrop, name + ": loss " + before + " -> " + after);
            assertArrayEquals(whole.theta(), resumed.theta(), 0.0, name + ": bit-equal after resume");
            assertEquals(whole.totalQueries(), resumed.totalQueries());
        }
    }

    @Test
    void cgeTrainingLowersLossAndResumesExactly() {
        trainAndResume("CGE", Cge.of(5e-3, Difference.FORWARD), 0.05, 12, 0.05);
    }

    @Test
    void rgeTrainingLowersLossAndResumesExactly() {
        trainAndResume("RGE", new Rge(20, 5e-3, Rge.Directions.GAUSSIAN), 0.005, 40, 0.04);
    }
}
