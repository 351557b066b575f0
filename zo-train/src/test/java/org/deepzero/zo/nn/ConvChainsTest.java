package org.deepzero.zo.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Channels-last chains of convolutions and activations ({@link ConvChains}) and the Java kernel of their
 * narrow last convolution ({@link NarrowConvolution}): the documented order of the sums, float32 rounding
 * away from float64, and the same numbers whichever stage a forward starts from.
 */
class ConvChainsTest {
    /** float32 unit roundoff 2^-24. */
    private static final double U = 0x1p-24;
    private static final String CORRECTOR = "conv5x5:8,lrelu,conv5x5:8,lrelu,conv5x5:2";

    private static INDArray input(long seed, int n, int c, int h, int w) {
        return TestNets.gaussian(seed, n, c, h, w).castTo(DataType.FLOAT);
    }

    @Test
    void correctorConvolutionsRunAsOneChain() {
        StagedModel m = StagedModels.convNet(3, CORRECTOR);
        for (int l : new int[] {0, 2, 4}) {
            assertTrue(((Conv2d) m.stage(l)).channelsLast(), m.stage(l).name());
            assertFalse(((Conv2d) m.withChannelsLastConvolutions(false).stage(l)).channelsLast(), m.stage(l).name());
        }
        // a lone convolution gains nothing from channels-last
        assertFalse(((Conv2d) StagedModels.convNet(3, "conv3x3:4,relu,gap,dense:2").stage(0)).channelsLast());
        assertTrue(NarrowConvolution.takes((Conv2d) m.stage(4)));
        assertFalse(NarrowConvolution.takes((Conv2d) m.stage(2)));
    }

    /**
     * The narrow kernel sums in the documented order: from 0, taps row-major, input channels in order
     * within a tap, one rounding per product (fma), bias last; the activation before it is ND4J's
     * LeakyReLU {@code x < 0 ? x·α : x}. Checked bit for bit against a scalar loop written from that
     * statement, on shapes that take every path (two outputs, one output, channel counts with and without
     * a remainder of four, 3x3 and 5x5, a height over one row block).
     */
    @Test
    void narrowConvolutionSumsInTheDocumentedOrder() {
        int[][] shapes = {{8, 2, 5, 11, 13}, {5, 1, 3, 17, 7}, {3, 2, 3, 4, 9}, {4, 2, 5, 9, 6}};
        for (int[] s : shapes) {
            int cin = s[0];
            int cout = s[1];
            int k = s[2];
            int h = s[3];
            int wd = s[4];
            Conv2d conv = new Conv2d("c", cin, cout, k, 1, true);
            Activation act = Activation.leakyRelu("a", 0.01);
            StagedModel m = new StagedModel(java.util.List.of(conv), new long[] {cin, -1, -1}, DataType.FLOAT);
            Weights w = m.weights(seeded(m.space().dimension(), 7L * cin + k));
            INDArray x = input(cin * 31L + h, 3, h, wd, cin); // channels-last [N, H, W, C]
            float[] got = NarrowConvolution.forward(x, act, conv, w).data().asFloat();
            float[] want = reference(x.dup('c').data().asFloat(), 3, h, wd, cin,
                    w.get("c.weight").dup('c').data().asFloat(), w.get("c.bias").data().asFloat(), cout, k, 0.01f);
            for (int i = 0; i < want.length; i++) {
                assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(got[i]),
                        "shape " + java.util.Arrays.toString(s) + " entry " + i + ": " + want[i] + " vs " + got[i]);
            }
        }
    }

    private static double[] seeded(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = r.nextGaussian() * 0.3;
        }
        return t;
    }

    /** The statement of {@link NarrowConvolution}'s order as a scalar loop, NHWC in, NCHW out. */
    private static float[] reference(float[] x, int n, int h, int wd, int cin, float[] weight, float[] bias, int cout,
                                     int k, float slope) {
        int p = (k - 1) / 2;
        float[] out = new float[n * cout * h * wd];
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < cout; o++) {
                for (int y = 0; y < h; y++) {
                    for (int xx = 0; xx < wd; xx++) {
                        float acc = 0f;
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int sy = y + ky - p;
                                int sx = xx + kx - p;
                                if (sy < 0 || sy >= h || sx < 0 || sx >= wd) {
                                    continue;
                                }
                                for (int c = 0; c < cin; c++) {
                                    float v = x[((s * h + sy) * wd + sx) * cin + c];
                                    v = v < 0 ? v * slope : v;
                                    acc = Math.fma(v, weight[((o * cin + c) * k + ky) * k + kx], acc);
                                }
                            }
                        }
                        out[((s * cout + o) * h + y) * wd + xx] = acc + bias[o];
                    }
                }
            }
        }
        return out;
    }

    /**
     * A float32 forward of the corrector differs from float64 by rounding only: each output of a 5x5
     * convolution sums K ≤ 200 products whose rounding errors add like a random walk, about √K·u ≈ 14u
     * relative to the sum of magnitudes, and three convolutions in a row give about 3·14u; the sums of
     * magnitudes exceed the largest output by a few times: 256u relative to the largest output. The NCHW
     * stages (ND4J) and the chain are both held to it, and to each other within twice that.
     */
    @Test
    void chainAndNchwStagesAgreeToFloat32Rounding() {
        StagedModel chain = StagedModels.convNet(3, CORRECTOR);
        StagedModel nchw = chain.withChannelsLastConvolutions(false);
        double[] theta = chain.initialParameters(51);
        INDArray x = input(52, 3, 3, 17, 33);
        INDArray truth = chain.withDataType(DataType.DOUBLE).forward(theta, x);
        double scale = truth.amaxNumber().doubleValue();
        INDArray a = chain.forward(theta, x);
        INDArray b = nchw.forward(theta, x);
        double chainError = a.castTo(DataType.DOUBLE).sub(truth).amaxNumber().doubleValue();
        double nchwError = b.castTo(DataType.DOUBLE).sub(truth).amaxNumber().doubleValue();
        double between = a.sub(b).amaxNumber().doubleValue();
        System.out.printf("corrector vs float64, relative to the largest output: chain %.1fu, NCHW %.1fu, between %.1fu"
                + " (0 where oneDNN's NCHW kernel sums in the chain's order)%n",
                chainError / scale / U, nchwError / scale / U, between / scale / U);
        assertTrue(chainError <= 256 * U * scale, "chain vs float64: " + chainError / scale / U + "u");
        assertTrue(nchwError <= 256 * U * scale, "NCHW vs float64: " + nchwError / scale / U + "u");
        assertTrue(between <= 512 * U * scale, "chain vs NCHW: " + between / scale / U + "u");
    }

    /** Feature reuse needs the tail from any stage, and the stage-by-stage cache, to be the whole forward. */
    @Test
    void anyStartingStageGivesTheWholeForwardBitForBit() {
        StagedModel m = StagedModels.convNet(3, CORRECTOR);
        Weights w = m.weights(m.initialParameters(53));
        INDArray x = input(54, 4, 3, 12, 21);
        INDArray whole = m.forward(w, x, 1);
        INDArray[] cache = m.activations(w, x);
        assertEquals(whole, cache[m.stageCount()], "stage by stage");
        for (int stage : new int[] {1, 2, 3, 4}) {
            assertEquals(whole, m.forwardFrom(stage, cache[stage], w, 1), "from stage " + stage);
        }
    }

    /** Each sample's output is the same in any batch (stacked query groups and windows rely on it). */
    @Test
    void samplesAreIndependentOfTheBatch() {
        StagedModel m = StagedModels.convNet(3, CORRECTOR);
        Weights w = m.weights(m.initialParameters(55));
        INDArray x = input(56, 5, 3, 9, 14);
        INDArray all = m.forward(w, x, 1);
        for (int i = 0; i < 5; i++) {
            INDArray one = m.forward(w, x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1)).dup(), 1);
            assertEquals(one, all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1)), "sample " + i);
        }
        assertEquals(all, m.forward(w, Nd4j.concat(0, x, x), 2).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5)));
    }
}
