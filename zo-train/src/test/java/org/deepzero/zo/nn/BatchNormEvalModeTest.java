package org.deepzero.zo.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deepzero.zo.autodiff.AutodiffGradient;
import org.deepzero.zo.objective.CrossEntropyLoss;
import org.deepzero.zo.objective.Loss;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.objective.QueryOptions;
import org.deepzero.zo.objective.StagedObjective;
import org.deepzero.zo.query.Query;
import org.deepzero.zo.query.QueryBatch;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Batch norm in eval mode: population statistics, per-sample outputs, gradients and query paths. */
class BatchNormEvalModeTest {

    /** A residual network with batch norm outside and inside blocks, float64. */
    private static StagedModel residualNet() {
        return new StagedModel(List.of(new Conv2d("conv1", 2, 4, 3, 1), new BatchNorm("bn1", 4),
                Activation.relu("relu1"), new ResidualBlock("block1", 4, 4, 1), new ResidualBlock("block2", 4, 6, 2),
                new GlobalAvgPool("gap"), new Dense("fc", 6, 3)), new long[] {2, 6, 6}, DataType.DOUBLE);
    }

    private static List<INDArray> chunks(INDArray x, int... sizes) {
        List<INDArray> out = new ArrayList<>();
        int from = 0;
        for (int s : sizes) {
            out.add(x.get(NDArrayIndex.interval(from, from + s), NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.all()).dup());
            from += s;
        }
        return out;
    }

    @Test
    void statisticsAreThePopulationMomentsOfTheLayerInput() {
        // conv -> bn: the input of bn is the conv output, so its moments can be computed directly
        StagedModel m = new StagedModel(List.of(new Conv2d("conv1", 2, 3, 3, 1), new BatchNorm("bn1", 3),
                new GlobalAvgPool("gap")), new long[] {2, 5, 5}, DataType.DOUBLE);
        double[] theta = m.initialParameters(1);
        INDArray x = TestNets.gaussian(2, 10, 2, 5, 5).addi(0.7);
        BatchNormStatistics s = BatchNormStatistics.estimate(m, theta, chunks(x, 3, 4, 3));

        INDArray h = m.stage(0).forward(x, m.weights(theta), 1); // [10, 3, 5, 5]
        for (int c = 0; c < 3; c++) {
            double[] v = h.get(NDArrayIndex.all(), NDArrayIndex.point(c), NDArrayIndex.all(), NDArrayIndex.all())
                    .dup().data().asDouble();
            double mean = 0;
            for (double a : v) {
                mean += a;
            }
            mean /= v.length;
            double var = 0;
            for (double a : v) {
                var += (a - mean) * (a - mean);
            }
            var /= v.length;
            assertEquals(mean, s.of("bn1").mean()[c], 1e-12);
            assertEquals(var, s.of("bn1").variance()[c], 1e-12);
        }
        // chunks of unequal size pool to the moments of one big chunk
        BatchNormStatistics one = BatchNormStatistics.estimate(m, theta, List.of(x));
        assertArrayEquals(one.of("bn1").variance(), s.of("bn1").variance(), 1e-12);
    }

    @Test
    void evalModeWithTheBatchsOwnStatisticsEqualsTrainMode() {
        StagedModel m = residualNet();
        double[] theta = perturbed(m.initialParameters(3), 4);
        INDArray x = TestNets.gaussian(5, 6, 2, 6, 6);
        // the statistics of bn1 on this batch are what train mode uses; deeper layers see the same
        // features as long as every earlier layer is normalised alike, so the outputs agree exactly
        BatchNormStatistics own = BatchNormStatistics.estimate(m, theta, List.of(x));
        assertEquals(5, own.layerNames().size(), "bn1 and two per residual block");
        INDArray train = m.forward(theta, x);
        INDArray eval = m.inEvalMode(own).forward(theta, x);
        assertTrue(train.equalsWithEps(eval, 1e-10), "eval mode with the batch's statistics = train mode");
        assertTrue(m.hasBatchNorm());
        assertTrue(m.inEvalMode(own).inTrainMode().forward(theta, x).equalsWithEps(train, 0.0));
    }

    @Test
    void evalModeOutputsDependOnEachSampleAlone() {
        StagedModel m = residualNet();
        double[] theta = perturbed(m.initialParameters(6), 7);
        StagedModel eval = calibrated(m, theta, TestNets.gaussian(8, 16, 2, 6, 6));
        INDArray x = TestNets.gaussian(9, 5, 2, 6, 6);
        INDArray all = eval.forward(theta, x);
        INDArray trainAll = m.forward(theta, x);
        for (int i = 0; i < 5; i++) {
            INDArray one = eval.forward(theta, x.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all(),
                    NDArrayIndex.all(), NDArrayIndex.all()).dup());
            assertTrue(one.equalsWithEps(all.getRow(i).reshape(1, 3), 1e-12), "sample " + i);
        }
        assertFalse(trainAll.equalsWithEps(all, 1e-3), "train mode depends on the batch, eval mode does not");
    }

    @Test
    void autodiffGradientInEvalModeMatchesCentralDifferences() {
        StagedModel m = residualNet();
        double[] theta = perturbed(m.initialParameters(10), 11);
        StagedModel eval = calibrated(m, theta, TestNets.gaussian(12, 8, 2, 6, 6));
        INDArray x = TestNets.gaussian(13, 4, 2, 6, 6);
        Loss loss = new CrossEntropyLoss(TestNets.labels(14, 4, 3), 3);
        AutodiffGradient.Result evalGrad = new AutodiffGradient(eval).lossAndGradient(theta, x, loss);
        double[] fd = TestNets.centralDifferences(eval, theta, x, loss);
        assertEquals(loss.value(eval.forward(theta, x)), evalGrad.loss(), 1e-12);
        double err = TestNets.relativeError(evalGrad.gradient(), fd);
        System.out.printf("%s: autodiff vs central differences, relative L2 error %.2e%n", "autodiffGradientInEvalModeMatchesCentralDifferences", err);
        assertTrue(err < 1e-9, "relative error " + err);   // measured 7.6e-11
        // and the two modes really differ, so the check above is not train mode in disguise
        double[] trainGrad = new AutodiffGradient(m).lossAndGradient(theta, x, loss).gradient();
        assertTrue(TestNets.relativeError(trainGrad, fd) > 1e-2);
    }

    @Test
    void everyQueryPathMatchesTheFullForwardInEvalMode() {
        StagedModel m = StagedModels.convNet(new long[] {2, 8, 8}, LayerSpec.parse(TestNets.SMALL_SPEC), DataType.FLOAT);
        double[] theta = perturbed(m.initialParameters(15), 16);
        StagedModel eval = calibrated(m, theta, TestNets.gaussian(17, 12, 2, 8, 8));
        INDArray x = TestNets.gaussian(18, 8, 2, 8, 8);
        StagedObjective plain = new StagedObjective(eval, x, new CrossEntropyLoss(TestNets.labels(19, 8, 3), 3),
                QueryOptions.plain());
        List<Query> queries = new ArrayList<>();
        for (int i = 0; i < m.space().dimension(); i++) {
            queries.add(new Query.Coordinate(i, 0.05));
        }
        QueryBatch batch = new QueryBatch(theta, queries);
        double[] expected = Objective.pointByPoint(plain, batch);
        for (QueryOptions o : List.of(QueryOptions.reuse(), QueryOptions.delta(), QueryOptions.all(4))) {
            double[] got = plain.withOptions(o).values(batch);
            double worst = 0;
            for (int q = 0; q < got.length; q++) {
                worst = Math.max(worst, Math.abs(got[q] - expected[q]) / Math.abs(expected[q]));
            }
            System.out.printf("eval-mode query path %s: worst relative deviation %.2e%n", o, worst);
            for (int q = 0; q < got.length; q++) {
                // float32: measured worst 4.3e-8 (linear delta and channel propagation round differently)
                assertEquals(expected[q], got[q], 5e-7 * Math.abs(expected[q]), o + ", query " + q);
            }
        }
    }

    @Test
    void missingOrMismatchedStatisticsAreRefusedByName() {
        StagedModel m = residualNet();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.inEvalMode(new BatchNormStatistics(java.util.Map.of())));
        assertTrue(e.getMessage().contains("bn1"), e.getMessage());
        BatchNormStatistics.Moments two = new BatchNormStatistics.Moments(new double[2], new double[2]);
        e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm("bnx", 3).frozen(two));
        assertTrue(e.getMessage().contains("bnx"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new BatchNormStatistics.Moments(new double[] {0}, new double[] {-1}));
    }

    /** {@code m} in eval mode with the statistics of {@code images} at θ. */
    private static StagedModel calibrated(StagedModel m, double[] theta, INDArray images) {
        return m.inEvalMode(BatchNormStatistics.estimate(m, theta, List.of(images)));
    }

    /** θ with γ, β moved off their initial 1, 0 so that the affine part of batch norm is exercised. */
    private static double[] perturbed(double[] theta, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] t = theta.clone();
        for (int i = 0; i < t.length; i++) {
            t[i] += 0.1 * r.nextGaussian();
        }
        return t;
    }
}
