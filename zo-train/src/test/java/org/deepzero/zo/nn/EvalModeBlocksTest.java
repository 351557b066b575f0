package org.deepzero.zo.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.deepzero.zo.param.ParameterSpace.Segment;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Channels-last blocks with batch norm in eval mode ({@link ConvBlocks}): the numbers of the stages one by
 * one (conv, ND4J's affine batch norm, ReLU, max-pool) bit for bit, raw bits compared so that the sign of a
 * zero counts too, on the depth-3 CIFAR CNN and a DnCNN-shaped denoiser branch (blocks without pooling,
 * then a plain convolution) at several batch sizes.
 */
class EvalModeBlocksTest {
    /** The depth-3 CIFAR CNN, width 6 (the defense's black box has width 18; the blocks do not depend on it). */
    private static StagedModel cnn() {
        return StagedModels.cifarCnn(3, 6, 10);
    }

    /** The defense's denoiser branch R: 3x3 conv-BN-ReLU twice, then a 3x3 conv to 3 channels. */
    private static StagedModel denoiser() {
        return StagedModels.convNet(new long[] {3, 32, 32},
                LayerSpec.parse("conv3x3:16,bn,relu,conv3x3:16,bn,relu,conv3x3:3"), DataType.FLOAT);
    }

    /** The same with its last convolution channels-last, as the defense certifies it: the blocks' tail. */
    private static StagedModel denoiserWithTail(StagedModel m) {
        List<Layer> stages = new java.util.ArrayList<>(m.stages());
        stages.set(6, ((Conv2d) stages.get(6)).withChannelsLast(true));
        return new StagedModel(stages, m.sampleShape(), m.dataType());
    }

    private static INDArray images(long seed, int n) {
        return TestNets.gaussian(seed, n, 3, 32, 32).castTo(DataType.FLOAT);
    }

    /** Initial parameters with γ, β and biases moved off 1 and 0, so that every affine map is a real one. */
    private static double[] parameters(StagedModel m, long seed) {
        double[] theta = m.initialParameters(seed);
        SplittableRandom r = new SplittableRandom(seed + 1);
        for (Segment s : m.space().segments()) {
            if (!s.name().endsWith(".weight")) {
                for (int i = s.offset(); i < s.end(); i++) {
                    theta[i] += 0.3 * r.nextGaussian();
                }
            }
        }
        return theta;
    }

    private static StagedModel inEvalMode(StagedModel m, double[] theta, long seed) {
        return m.inEvalMode(BatchNormStatistics.estimate(m, theta, List.of(images(seed, 40), images(seed + 1, 24))));
    }

    /** The stages one by one ({@link Layer#forward} each: the path eval mode took before the blocks). */
    private static INDArray stageByStage(StagedModel m, Weights w, INDArray x) {
        INDArray[] a = m.activations(w, x);
        return a[a.length - 1];
    }

    /** The fused path is the one taken: a block starts at stage 0 and the run is exact. */
    private static void assertRunsBlocks(StagedModel eval, Weights w) {
        ConvBlocks.Block first = ConvBlocks.at(eval.stages(), 0);
        assertNotEquals(null, first, "an eval-mode block starts at stage 0");
        assertTrue(first.frozen());
        assertTrue(ConvBlocks.exact(List.of(first), w));
    }

    private static void assertSameBits(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.dup('c').data().asFloat();
        float[] a = actual.dup('c').data().asFloat();
        for (int i = 0; i < e.length; i++) {
            assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]),
                    what + ": value " + i + " is " + a[i] + ", stage by stage " + e[i]);
        }
    }

    @Test
    void cnnBlocksGiveTheStagesOneByOneBitForBit() {
        StagedModel train = cnn();
        double[] theta = parameters(train, 51);
        StagedModel eval = inEvalMode(train, theta, 52);
        Weights w = eval.weights(theta);
        assertRunsBlocks(eval, w);
        for (int n : new int[] {1, 7, 64, 256}) {
            INDArray x = images(53 + n, n);
            assertSameBits(stageByStage(eval, w, x), eval.forward(w, x, 1), "depth-3 CNN, batch " + n);
        }
    }

    @Test
    void denoiserBlocksGiveTheStagesOneByOneBitForBit() {
        StagedModel train = denoiser();
        double[] theta = parameters(train, 61);
        StagedModel eval = inEvalMode(train, theta, 62);
        Weights w = eval.weights(theta);
        assertRunsBlocks(eval, w);
        StagedModel tail = denoiserWithTail(eval);
        StagedModel trainTail = denoiserWithTail(train);
        for (int n : new int[] {1, 5, 64}) {
            INDArray x = images(63 + n, n);
            INDArray expected = stageByStage(eval, w, x);
            assertSameBits(expected, eval.forward(w, x, 1), "denoiser branch, batch " + n);
            assertSameBits(expected, tail.forward(w, x, 1), "denoiser branch, channels-last tail, batch " + n);
            assertSameBits(stageByStage(train, w, x), trainTail.forward(w, x, 1), "train mode, channels-last tail, batch " + n);
        }
    }

    /**
     * Against every convolution computed by ND4J's NCHW kernels ({@code withChannelsLastConvolutions(false)},
     * the denoiser's path before): equal bit for bit where oneDNN's NCHW and NHWC kernels sum alike, as they
     * did on these shapes when measured (oneDNN does not promise it, so this checks float32 rounding only
     * and prints how many values differ).
     */
    @Test
    void nchwStagesAgreeToFloat32Rounding() {
        for (StagedModel train : List.of(cnn(), denoiser())) {
            double[] theta = parameters(train, 71);
            StagedModel eval = inEvalMode(train, theta, 72);
            StagedModel nchw = eval.withChannelsLastConvolutions(false);
            Weights w = eval.weights(theta);
            INDArray x = images(73, 32);
            INDArray fused = eval.forward(w, x, 1);
            INDArray old = nchw.forward(w, x, 1);
            float[] a = fused.dup('c').data().asFloat();
            float[] b = old.dup('c').data().asFloat();
            int differ = 0;
            double largest = 0;
            double scale = old.amaxNumber().doubleValue();
            for (int i = 0; i < a.length; i++) {
                differ += Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i]) ? 1 : 0;
                largest = Math.max(largest, Math.abs(a[i] - b[i]));
            }
            System.out.printf("eval-mode blocks vs NCHW stages (%d stages): %d of %d values differ, largest %.3g%n",
                    train.stageCount(), differ, a.length, largest);
            assertEquals(0, largest, 1e-5 * scale, "channels-last blocks vs NCHW stages");
        }
    }

    /**
     * A shift t of exactly −0 (β = −0 with γ = 0 on a channel of positive mean): {@code Math.max} would turn
     * the −0 that {@code x · 0 + (−0)} gives for x &lt; 0 into +0 where ND4J's ReLU keeps it, so the run goes
     * stage by stage and the bits still agree, signs of zeros included.
     */
    @Test
    void aNegativeZeroShiftLeavesTheRunToTheStages() {
        StagedModel train = cnn();
        double[] theta = parameters(train, 81);
        Segment gamma = train.space().segment("bn1.gamma");
        Segment beta = train.space().segment("bn1.beta");
        theta[gamma.offset()] = 0.0;
        theta[beta.offset()] = -0.0;
        theta[train.space().segment("conv1.bias").offset()] = 0.5; // a positive mean, values of both signs
        StagedModel eval = inEvalMode(train, theta, 82);
        Weights w = eval.weights(theta);
        INDArray x = images(83, 6);
        INDArray[] stages = eval.activations(w, x);
        // the case arises: bn1's channel 0 is all zeros of both signs
        float[] channel0 = stages[2].get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(0)).dup('c').data().asFloat();
        boolean negativeZero = false;
        for (float v : channel0) {
            negativeZero |= Float.floatToRawIntBits(v) == 0x80000000;
        }
        assertTrue(negativeZero, "the stages' batch norm gives −0 on channel 0");
        assertFalse(ConvBlocks.exact(List.of(ConvBlocks.at(eval.stages(), 0)), w));
        assertSameBits(stages[stages.length - 1], eval.forward(w, x, 1), "with a −0 shift");
    }

    @Test
    void queryPathsStayOffEvalModeBlocks() {
        StagedModel train = cnn();
        double[] theta = parameters(train, 91);
        StagedModel eval = inEvalMode(train, theta, 92);
        Weights w = eval.weights(theta);
        INDArray x = images(93, 3);
        INDArray[] a = eval.activations(w, x);
        assertNotEquals(null, ConvBlocks.at(eval.stages(), 0), "an eval-mode block starts at conv1");
        assertFalse(eval.resumesInsideBlock(1));
        assertNull(eval.perturbedBlockChannel(0, a[0], a[1], w, "conv1.weight", 0, 0.1));
    }
}
