package org.deepzero.vision.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deepzero.vision.data.ChannelStats;
import org.deepzero.vision.data.Cifar10;
import org.deepzero.vision.data.ImageSet;
import org.deepzero.vision.data.TestData;
import org.deepzero.vision.model.ModelSpec;
import org.deepzero.vision.prune.PruneConfig;
import org.deepzero.vision.prune.RatioGeneration;
import org.deepzero.zo.param.ParameterIO;
import org.deepzero.zo.query.LocalQueryExecutor;
import org.deepzero.zo.prune.LayerRatios;
import org.deepzero.zo.train.StepReport;
import org.deepzero.zo.train.TrainingListener;
import org.deepzero.common.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** End-to-end runs on a few hundred images: a step or two per epoch, depth-1 CNN (730 parameters). */
class VisionTrainingTest {

    private static TrainConfig.Builder tiny(Path out) {
        return TrainConfig.builder().data(TestData.cifar10()).out(out).model(ModelSpec.cnn(1, 18))
                .trainImages(200).testImages(100).batchSize(100).epochs(2).threads(1).seed(7);
    }

    @Test
    void firstOrderRunWritesMetricsCheckpointsAndParameters(@TempDir Path tmp) throws IOException {
        VisionTraining.Summary s = VisionTraining.run(tiny(tmp).method(Method.FO).build(), false, List.of());
        assertEquals(730, s.dimension());
        assertEquals(2, s.stepsPerEpoch());
        assertEquals(2, s.epochs().size());
        assertEquals(2, s.epochs().get(1).epoch());
        // the accuracy reported after the last epoch is that of the saved final parameters, recomputed here
        TrainConfig c = tiny(tmp).method(Method.FO).build();
        ImageSet train = Cifar10.train(c.data(), c.trainImages());
        TestAccuracy recomputed = VisionTraining.testAccuracy(ModelSpec.cnn(1, 18).build(DataType.FLOAT), train,
                Cifar10.test(c.data(), c.testImages()), ChannelStats.of(Cifar10.train(c.data())), c.bnImages());
        TestAccuracy.Result last = recomputed.evaluate(ParameterIO.load(tmp.resolve("final.params")).theta());
        assertEquals(100 * last.accuracy(), s.finalAccuracy(), 1e-9, "final test accuracy, percent");
        assertEquals(last.loss(), s.epochs().get(1).testLoss(), 0.0, "final test loss");
        assertEquals(4, s.result().totalQueries(), "one forward-backward per FO step");
        List<String> lines = Files.readAllLines(tmp.resolve("metrics.jsonl"));
        assertEquals(4, lines.size());
        assertTrue(lines.get(1).contains("\"test_accuracy\"") && lines.get(3).contains("\"epoch_train_s\""), lines.get(1));
        assertTrue(Files.exists(tmp.resolve("checkpoint.dzck")) && Files.exists(tmp.resolve("best.dzck")));
        assertTrue(Files.readString(tmp.resolve("config.txt")).contains("method=fo"));
        assertEquals(730, ParameterIO.load(tmp.resolve("final.params")).theta().length);
    }

    @Test
    void sparseCgeRunResumedAfterACrashEndsWithTheSameParameters(@TempDir Path tmp) throws IOException {
        // ZO-GraSP ratios at 90% sparsity from a small balanced batch, masks redrawn every epoch
        TrainConfig.Builder b = tiny(null).method(Method.CGE).sparsity(0.9).graspPerClass(5).graspQueries(8)
                .maskEveryEpochs(1);
        Path whole = tmp.resolve("whole");
        VisionTraining.Summary full = VisionTraining.run(b.out(whole).build(), false, List.of());
        assertEquals(4, full.result().completedSteps());
        LayerRatios ratios = LayerRatios.load(whole.resolve("ratios.txt"));
        int selected = 0;
        for (var e : ratios.asMap().entrySet()) {
            selected += ratios.keptCount(e.getKey(), layerSize(e.getKey()));
        }
        assertEquals(4L * (selected + 1), full.result().totalQueries(), "sparse CGE spends selected + 1 queries a step");

        Path broken = tmp.resolve("broken");
        TrainConfig config = b.out(broken).build();
        RuntimeException crash = assertThrows(RuntimeException.class,
                () -> VisionTraining.run(config, false, List.of(new CrashAfter(3))));
        assertEquals("simulated crash", crash.getMessage());
        VisionTraining.Summary resumed = VisionTraining.run(config, true, List.of());
        assertEquals(4, resumed.result().completedSteps());
        assertArrayEquals(ParameterIO.load(whole.resolve("final.params")).theta(),
                ParameterIO.load(broken.resolve("final.params")).theta(), "bit-identical after resume");
        assertEquals(4, Files.readAllLines(broken.resolve("metrics.jsonl")).size(), "replayed steps logged once");
    }

    @Test
    void trainReadsTheRatiosThatPruneWrote(@TempDir Path tmp) {
        Path file = tmp.resolve("ratios.txt");
        RatioGeneration.run(new PruneConfig(TestData.cifar10(), ModelSpec.cnn(1, 18), 0.8, Pruning.RANDOM, 5, 1,
                5e-3, 7, 200), file, LocalQueryExecutor.serial());
        Path run = tmp.resolve("run");
        VisionTraining.Summary s = VisionTraining.run(tiny(run).method(Method.CGE).sparsity(0.8).ratiosFile(file)
                .epochs(1).build(), false, List.of());
        assertEquals(LayerRatios.load(file), LayerRatios.load(run.resolve("ratios.txt")));
        assertEquals(2L * (146 + 1), s.result().totalQueries(), "20% of 730 coordinates a step");
    }

    @Test
    void rgeSpendsQPlusOneQueriesPerStep(@TempDir Path tmp) {
        VisionTraining.Summary s = VisionTraining.run(tiny(tmp).method(Method.RGE).queries(5).epochs(1).build(),
                false, List.of());
        assertEquals(2 * 6, s.result().totalQueries());
    }

    @Test
    void settingsThatDoNotFitAreRefused() {
        assertThrows(InputException.class, () -> tiny(Path.of("x")).method(Method.RGE).sparsity(0.9).build());
        assertThrows(InputException.class, () -> TrainConfig.builder().sparsity(1.0));
        assertThrows(InputException.class, () -> ModelSpec.cnn(6, 18));
    }

    private static int layerSize(String layer) {
        var space = ModelSpec.cnn(1, 18).build(org.nd4j.linalg.api.buffer.DataType.FLOAT).space();
        int n = 0;
        for (var s : space.segments()) {
            if (s.layer().equals(layer)) {
                n += s.length();
            }
        }
        return n;
    }

    /** Fails like a killed process after {@code step} steps (a checkpoint was taken at step 2). */
    private record CrashAfter(int step) implements TrainingListener {
        @Override
        public void onStep(StepReport r) {
            if (r.step() == step) {
                throw new IllegalStateException("simulated crash");
            }
        }
    }
}
