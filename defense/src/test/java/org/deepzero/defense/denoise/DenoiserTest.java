package org.deepzero.defense.denoise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.deepzero.zo.nn.BatchNormStatistics;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.Weights;
import org.deepzero.zo.param.ParameterSpace.Segment;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The denoiser as certification runs it (eval-mode batch norm, channels-last blocks and a channels-last
 * last convolution) computes what its branch computed before, NCHW stage by stage, bit for bit.
 */
class DenoiserTest {
    private static INDArray noisy(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n * 3 * 32 * 32];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble() + 0.25 * r.nextGaussian());
        }
        return Nd4j.create(v, new long[] {n, 3, 32, 32}, 'c');
    }

    @Test
    void channelsLastDenoiserGivesTheNchwStagesBitForBit() {
        StagedModel branch = Networks.denoiserBranch(16, 3);
        double[] theta = branch.initialParameters(5);
        SplittableRandom r = new SplittableRandom(6);
        for (Segment s : branch.space().segments()) { // γ, β and biases off 1 and 0
            if (!s.name().endsWith(".weight")) {
                for (int i = s.offset(); i < s.end(); i++) {
                    theta[i] += 0.3 * r.nextGaussian();
                }
            }
        }
        List<INDArray> calibration = List.of(noisy(7, 50), noisy(8, 30));
        Denoiser d = Denoiser.of(branch, theta, calibration);
        // the path before: the branch as built (NCHW convolutions) in eval mode, one stage at a time
        StagedModel before = branch.inEvalMode(BatchNormStatistics.estimate(branch, theta, calibration));
        Weights w = before.weights(theta);
        for (int n : new int[] {1, 6, 40}) {
            INDArray x = noisy(9 + n, n);
            INDArray y = x;
            for (var stage : before.stages()) {
                y = stage.forward(y, w, 1);
            }
            float[] expected = y.addi(x).dup('c').data().asFloat();
            float[] actual = d.apply(x).dup('c').data().asFloat();
            assertEquals(expected.length, actual.length);
            int[] e = new int[expected.length];
            int[] a = new int[actual.length];
            for (int i = 0; i < e.length; i++) {
                e[i] = Float.floatToRawIntBits(expected[i]);
                a[i] = Float.floatToRawIntBits(actual[i]);
            }
            assertArrayEquals(e, a, "batch " + n);
        }
    }
}
