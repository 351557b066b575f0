package org.deepzero.zo.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The channels-last conv → batch norm → ReLU → max-pool blocks ({@link ConvBlocks}): the same numbers as
 * the stages one by one, float32 rounding away from the NCHW path and from float64, and no change to
 * networks without batch norm.
 */
class ChannelsLastBlocksTest {
    /** float32 unit roundoff 2^-24. */
    private static final double U = 0x1p-24;

    /**
     * A float32 forward of the depth-3 CNN differs from float64 by rounding only: each conv output sums
     * K ≤ 9·C_in products (27 to 54 here), whose rounding errors add like a random walk, about √K·u
     * relative to the sum of magnitudes; batch norm rescales by γ/σ but relative errors pass through; 4
     * linear stages (3 convs, dense) in a row give about 4·√54·u ≈ 30u, times 4 for the spread of the
     * worst of 120 logits over the typical one: 128u relative to the largest logit.
     */
    private static final double LOGIT_TOLERANCE = 128 * U;

    private static StagedModel cnn() {
        return StagedModels.cifarCnn(3, 6, 10);
    }

    private static INDArray images(long seed, int n) {
        return TestNets.gaussian(seed, n, 3, 32, 32).castTo(DataType.FLOAT);
    }

    @Test
    void blocksGiveTheStagesOneByOneBitForBit() {
        StagedModel m = cnn();
        Weights w = m.weights(m.initialParameters(41));
        INDArray x = images(42, 5);
        INDArray[] staged = m.activations(w, x);
        INDArray fused = m.forward(w, x, 1);
        assertEquals(staged[m.stageCount()], fused, "whole forward");
        // from the second block on (the tail a coordinate query on conv1 resumes)
        assertEquals(staged[m.stageCount()], m.forwardFrom(4, staged[4], w, 1), "from conv2");
    }

    @Test
    void stackedGroupsGiveEachGroupAloneBitForBit() {
        StagedModel m = cnn();
        Weights w = m.weights(m.initialParameters(43));
        INDArray a = images(44, 4);
        INDArray b = images(45, 4);
        INDArray stacked = m.forward(w, Nd4j.concat(0, a, b), 2);
        assertEquals(m.forward(w, a, 1), stacked.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4)), "group 0");
        assertEquals(m.forward(w, b, 1), stacked.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(4, 8)), "group 1");
    }

    @Test
    void channelsLastAndNchwAgreeToFloat32Rounding() {
        StagedModel channelsLast = cnn();
        StagedModel nchw = channelsLast.withChannelsLastConvolutions(false);
        double[] theta = channelsLast.initialParameters(46);
        INDArray x = images(47, 12);
        INDArray truth = channelsLast.withDataType(DataType.DOUBLE).forward(theta, x);
        double scale = truth.amaxNumber().doubleValue();
        double newError = channelsLast.forward(theta, x).castTo(DataType.DOUBLE).sub(truth).amaxNumber().doubleValue();
        double oldError = nchw.forward(theta, x).castTo(DataType.DOUBLE).sub(truth).amaxNumber().doubleValue();
        double between = channelsLast.forward(theta, x).sub(nchw.forward(theta, x)).amaxNumber().doubleValue();
        System.out.printf("logits vs float64, relative to the largest: channels-last %.1fu, NCHW %.1fu, between %.1fu%n",
                newError / scale / U, oldError / scale / U, between / scale / U);
        assertTrue(newError <= LOGIT_TOLERANCE * scale, "channels-last vs float64: " + newError / scale / U + "u");
        assertTrue(oldError <= LOGIT_TOLERANCE * scale, "NCHW vs float64: " + oldError / scale / U + "u");
        assertTrue(between <= 2 * LOGIT_TOLERANCE * scale, "channels-last vs NCHW: " + between / scale / U + "u");
    }

    @Test
    void networksWithoutBatchNormRunChainsNotBlocks() {
        // the corrector's convolutions form a chain (ConvChainsTest), never a batch-norm block
        StagedModel corrector = StagedModels.convNet(3, "conv5x5:8,relu,conv5x5:8,relu,conv5x5:2");
        for (int l = 0; l < corrector.stageCount(); l++) {
            assertEquals(null, ConvBlocks.at(corrector.stages(), l), corrector.stage(l).name());
        }
        StagedModel m = cnn();
        assertTrue(((Conv2d) m.stage(0)).channelsLast());
        assertFalse(((Conv2d) m.withChannelsLastConvolutions(false).stage(0)).channelsLast());
    }
}
