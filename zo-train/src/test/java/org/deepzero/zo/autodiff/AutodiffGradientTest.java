package org.deepzero.zo.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deepzero.zo.nn.Activation;
import org.deepzero.zo.nn.Dense;
import org.deepzero.zo.nn.GlobalAvgPool;
import org.deepzero.zo.nn.Conv2d;
import org.deepzero.zo.nn.ResidualBlock;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.StagedModels;
import org.deepzero.zo.nn.TestNets;
import org.deepzero.zo.objective.CrossEntropyLoss;
import org.deepzero.zo.objective.Loss;
import org.deepzero.zo.objective.MeanSquaredError;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SameDiff float64 gradients against central differences (h = 1e-5). Measured relative L2 errors
 * 1.3e-10 to 1.3e-9 (2026-11-30); the limit 1e-8 is about 10x the largest.
 */
class AutodiffGradientTest {

    @Test
    void crossEntropyGradientMatchesFiniteDifferences() {
        StagedModel m = TestNets.small(DataType.DOUBLE);
        double[] theta = m.initialParameters(5);
        INDArray x = TestNets.gaussian(6, 6, 2, 8, 8);
        Loss loss = new CrossEntropyLoss(TestNets.labels(7, 6, 3), 3);
        AutodiffGradient.Result r = new AutodiffGradient(m).lossAndGradient(theta, x, loss);
        assertEquals(loss.value(m.forward(theta, x)), r.loss(), 1e-12);
        double err = TestNets.relativeError(r.gradient(), TestNets.centralDifferences(m, theta, x, loss));
        System.out.printf("%s: autodiff vs central differences, relative L2 error %.2e%n", "crossEntropyGradientMatchesFiniteDifferences", err);
        assertTrue(err < 1e-8, "relative error " + err);
    }

    @Test
    void mseGradientOfAFullyConvolutionalCorrector() {
        StagedModel m = StagedModels.convNet(2, "conv5x5:3,lrelu,conv5x5:2").withDataType(DataType.DOUBLE);
        double[] theta = m.initialParameters(8);
        INDArray x = TestNets.gaussian(9, 2, 2, 6, 7);
        Loss loss = new MeanSquaredError(TestNets.gaussian(10, 2, 2, 6, 7));
        AutodiffGradient.Result r = new AutodiffGradient(m).lossAndGradient(theta, x, loss);
        assertEquals(loss.value(m.forward(theta, x)), r.loss(), 1e-12);
        double err = TestNets.relativeError(r.gradient(), TestNets.centralDifferences(m, theta, x, loss));
        System.out.printf("%s: autodiff vs central differences, relative L2 error %.2e%n", "mseGradientOfAFullyConvolutionalCorrector", err);
        assertTrue(err < 1e-8, "relative error " + err);
    }

    @Test
    void averagePoolingFlattenAndDenseAgree() {
        StagedModel m = StagedModels.convNet(new long[] {2, 6, 6},
                org.deepzero.zo.nn.LayerSpec.parse("conv3x3:3,avgpool,lrelu:0.2,flatten,dense:4,relu,dense:2"), DataType.DOUBLE);
        double[] theta = m.initialParameters(15);
        INDArray x = TestNets.gaussian(16, 3, 2, 6, 6);
        Loss loss = new MeanSquaredError(TestNets.gaussian(17, 3, 2));
        AutodiffGradient.Result r = new AutodiffGradient(m).lossAndGradient(theta, x, loss);
        assertEquals(loss.value(m.forward(theta, x)), r.loss(), 1e-12);
        double err = TestNets.relativeError(r.gradient(), TestNets.centralDifferences(m, theta, x, loss));
        System.out.printf("%s: autodiff vs central differences, relative L2 error %.2e%n", "averagePoolingFlattenAndDenseAgree", err);
        assertTrue(err < 1e-8, "relative error " + err);
    }

    @Test
    void residualBlocksWithOptionAShortcutsAgree() {
        StagedModel m = new StagedModel(List.of(new Conv2d("conv1", 2, 2, 3, 1),
                new ResidualBlock("block1", 2, 2, 1), new ResidualBlock("block2", 2, 4, 2),
                new GlobalAvgPool("gap"), new Dense("fc", 4, 3)), new long[] {2, 6, 6}, DataType.DOUBLE);
        double[] theta = m.initialParameters(12);
        INDArray x = TestNets.gaussian(13, 4, 2, 6, 6);
        Loss loss = new CrossEntropyLoss(TestNets.labels(14, 4, 3), 3);
        AutodiffGradient.Result r = new AutodiffGradient(m).lossAndGradient(theta, x, loss);
        assertEquals(loss.value(m.forward(theta, x)), r.loss(), 1e-12);
        double err = TestNets.relativeError(r.gradient(), TestNets.centralDifferences(m, theta, x, loss));
        System.out.printf("%s: autodiff vs central differences, relative L2 error %.2e%n", "residualBlocksWithOptionAShortcutsAgree", err);
        assertTrue(err < 1e-8, "relative error " + err);
    }
}
