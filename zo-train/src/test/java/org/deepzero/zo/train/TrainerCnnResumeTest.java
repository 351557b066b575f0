package org.deepzero.zo.train;

import org.deepzero.common.Seeds;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.StagedModels;
import org.deepzero.zo.nn.TestNets;
import org.deepzero.zo.objective.CrossEntropyLoss;
import org.deepzero.zo.objective.Loss;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.optim.LearningRateSchedule;
import org.deepzero.zo.optim.Sgd;
import org.deepzero.zo.param.ParameterSpace;
import org.deepzero.zo.query.QueryExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Exact resume through real ND4J forward passes (float32, one thread), mini-batches drawn per step. */
class TrainerCnnResumeTest {

    private static final QueryExecutor SERIAL = (objective, batch) -> objective.values(batch);
    private static final int STEPS = 15;

    @TempDir
    Path dir;

    private final StagedModel model = StagedModels.convNet(2, "conv5x5:4,relu,maxpool,conv5x5:4,relu,gap,dense:3");
    private final INDArray images = TestNets.gaussian(1, 64, 2, 8, 8).castTo(DataType.FLOAT);
    private final int[] labels = TestNets.labels(2, 64, 3);

    /** Mini-batch s: 8 samples picked by a generator derived from (seed, s). */
    private Objective batch(long seed, int s) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(Seeds.mix(seed ^ 0xda7aL, s));
        long[] idx = new long[8];
        int[] y = new int[8];
        for (int i = 0; i < 8; i++) {
            idx[i] = r.nextInt(64);
            y[i] = labels[(int) idx[i]];
        }
        INDArray x = images.get(NDArrayIndex.indices(idx)).dup();
        Loss loss = new CrossEntropyLoss(y, 3);
        ParameterSpace space = model.space();
        return new Objective() {
            @Override
            public ParameterSpace space() {
                return space;
            }

            @Override
            public double value(double[] theta) {
                return loss.value(model.forward(theta, x));
            }
        };
    }

    private Trainer.Builder trainer(Path run, long seed) {
        return Trainer.builder().estimator(new ForwardRge(8, 5e-3)).objectives(s -> batch(seed, s))
                .optimizer(Sgd.builder(LearningRateSchedule.constant(0.002)).momentum(0.5).build())
                .executor(SERIAL).steps(STEPS).seed(seed).configHash("cnn")
                .checkpoints(new CheckpointStore(run), 5).metricsLog(run.resolve("metrics.jsonl"));
    }

    @Test
    void crashAndResumeEndsBitEqual() {
        double[] theta0 = model.initialParameters(3);
        List<Double> losses = new ArrayList<>();
        TrainingResult whole = trainer(dir.resolve("whole"), 11).listener(r -> losses.add(r.loss())).build().run(theta0);

        Path run = dir.resolve("crash");
        try {
            trainer(run, 11).listener(r -> {
                if (r.step() == 7) {
                    throw new IllegalStateException("simulated crash after step 7");
                }
            }).build().run(theta0);
        } catch (IllegalStateException expected) {
            // resumed below from the checkpoint of step 5
        }
        assertEquals(5, CheckpointStore.read(run.resolve(CheckpointStore.LATEST)).step());
        TrainingResult resumed = trainer(run, 11).build().resume();
        assertArrayEquals(whole.theta(), resumed.theta(), 0.0);
        System.out.printf("CNN (%d parameters) resume: bit-equal after %d steps; loss %.4f -> %.4f%n",
                theta0.length, STEPS, losses.get(0), losses.get(STEPS - 1));
        assertTrue(whole.totalQueries() == STEPS * 9L);
    }
}
