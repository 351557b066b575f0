package org.deepzero.zo.nn;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import org.deepzero.zo.nn.FusedBatchNorm.ChannelAffine;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs of conv → batch norm (train mode) → ReLU → max-pool stages, the blocks of the CIFAR CNNs, computed
 * channels-last: the input is copied once to {@code [N, H, W, C]}, every convolution is one oneDNN NHWC
 * call into a reused per-thread buffer ({@link ScratchArrays}), batch norm takes its statistics in one
 * pass over that buffer and one more pass normalises, applies the ReLU and pools, writing the next
 * block's channels-last input (the last block writes NCHW). Per block that is one ND4J call and two
 * passes over the convolution output, against about six ND4J calls, four passes and four fresh arrays
 * stage by stage.
 * <p>
 * Bit for bit the same numbers as the stages one by one: the convolution is the same oneDNN kernel on the
 * same data ({@link Conv2d} with channels-last forwards), batch norm follows the column order of
 * {@link FusedBatchNorm}, ReLU and max are exact. In channels-last rows the column order's per-column
 * totals are contiguous, so the statistics pass runs over whole rows.
 */
final class ConvBlocks {
    private ConvBlocks() {
    }

    /**
     * One block: a channels-last stride-1 convolution, a train-mode batch norm, a ReLU, and a max-pool
     * or none.
     */
    record Block(Conv2d conv, BatchNorm norm, Pool2d pool) {
        /** How many stages the block spans. */
        int stages() {
            return pool == null ? 3 : 4;
        }
    }

    /** The block starting at stage {@code l}, or null if the stages there do not form one. */
    static Block at(List<Layer> stages, int l) {
        if (l + 2 >= stages.size() || !(stages.get(l) instanceof Conv2d conv) || !conv.channelsLast()
                || conv.stride() != 1 || !(stages.get(l + 1) instanceof BatchNorm bn) || !bn.isPlainTrainMode()
                || !(stages.get(l + 2) instanceof Activation a) || a.slope() != 0) {
            return null;
        }
        Pool2d pool = l + 3 < stages.size() && stages.get(l + 3) instanceof Pool2d p && p.isMax() ? p : null;
        return new Block(conv, bn, pool);
    }

    /** Whether {@link #forward} takes {@code x}. */
    static boolean applies(INDArray x) {
        return x.dataType() == DataType.FLOAT && x.rank() == 4 && x.length() < Integer.MAX_VALUE;
    }

    /**
     * The blocks one after another on {@code x} ({@code [G·N, C, H, W]}, G = {@code groups} stacked
     * mini-batches with batch-norm statistics per group); the result is NCHW.
     */
    static INDArray forward(List<Block> blocks, INDArray x, Weights w, int groups) {
        long n = x.size(0);
        INDArray in = ScratchArrays.get(ScratchArrays.INPUT, n, x.size(2), x.size(3), x.size(1));
        in.assign(x.permute(0, 2, 3, 1));
        for (int b = 0; b < blocks.size(); b++) {
            Block block = blocks.get(b);
            long h = in.size(1);
            long wd = in.size(2);
            int c = block.conv().outChannels();
            INDArray convolved = ScratchArrays.get(ScratchArrays.CONVOLVED, n, h, wd, c);
            block.conv().convolveChannelsLast(in, w, convolved);
            int p = block.pool() == null ? 1 : block.pool().size();
            boolean last = b == blocks.size() - 1;
            INDArray out = last ? Nd4j.createUninitialized(DataType.FLOAT, n, c, h / p, wd / p)
                    : ScratchArrays.get(b % 2 == 0 ? ScratchArrays.NEXT_INPUT : ScratchArrays.INPUT, n, h / p, wd / p, c);
            normaliseReluPool(convolved, block.norm().gammaOf(w), block.norm().betaOf(w), groups, p, out, last);
            in = out;
        }
        return in;
    }

    /**
     * Batch norm (train mode, statistics per group in the column order), ReLU and p x p max-pooling of
     * the channels-last {@code x} {@code [G·N, H, W, C]} into {@code out}: {@code [G·N, H/p, W/p, C]}, or
     * NCHW {@code [G·N, C, H/p, W/p]} when {@code nchw}.
     */
    private static void normaliseReluPool(INDArray x, INDArray gamma, INDArray beta, int groups, int p,
            INDArray out, boolean nchw) {
        int total = (int) x.size(0);
        int h = (int) x.size(1);
        int wd = (int) x.size(2);
        int c = (int) x.size(3);
        int n = total / groups;
        int rowLength = wd * c;
        int oh = h / p;
        int ow = wd / p;
        float[] g = gamma.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] b = beta.castTo(DataType.FLOAT).dup('c').data().asFloat();
        FloatBuffer src = x.data().asNioFloat();
        FloatBuffer dst = out.data().asNioFloat();
        float[] row = new float[rowLength];
        double[] shiftK = new double[rowLength];
        double[] sums = new double[rowLength];
        double[] squares = new double[rowLength];
        double[] mean = new double[rowLength];
        double[] scale = new double[rowLength];
        double[] shift = new double[rowLength];
        float[] activated = new float[p * rowLength];
        float[] pooled = new float[nchw ? c * oh * ow : ow * c];
        double count = (double) n * h * wd;
        for (int gr = 0; gr < groups; gr++) {
            int first = gr * n * h * rowLength;
            for (int j = 0; j < rowLength; j++) {
                shiftK[j] = src.get(first + j % c);
            }
            Arrays.fill(sums, 0.0);
            Arrays.fill(squares, 0.0);
            for (int i = 0; i < n; i++) {
                for (int y = 0; y < h; y++) {
                    src.get(first + (i * h + y) * rowLength, row, 0, rowLength);
                    for (int j = 0; j < rowLength; j++) {
                        double d = row[j] - shiftK[j];
                        sums[j] += d;
                        squares[j] += d * d;
                    }
                }
            }
            for (int ch = 0; ch < c; ch++) {
                ChannelAffine a = ChannelAffine.of(sums, squares, ch, c, wd, shiftK[ch], count, g[ch], b[ch],
                        BatchNorm.EPSILON);
                for (int j = ch; j < rowLength; j += c) {
                    mean[j] = a.mean();
                    scale[j] = a.scale();
                    shift[j] = a.shift();
                }
            }
            for (int i = 0; i < n; i++) {
                int sample = gr * n + i;
                for (int oy = 0; oy < oh; oy++) {
                    src.get(first + (i * h + oy * p) * rowLength, activated, 0, p * rowLength);
                    for (int dy = 0; dy < p; dy++) {
                        int o = dy * rowLength;
                        for (int j = 0; j < rowLength; j++) {
                            activated[o + j] = Math.max((float) ((activated[o + j] - mean[j]) * scale[j] + shift[j]), 0f);
                        }
                    }
                    for (int ox = 0; ox < ow; ox++) {
                        for (int ch = 0; ch < c; ch++) {
                            float m = activated[ox * p * c + ch];
                            for (int dy = 0; dy < p; dy++) {
                                int o = dy * rowLength + ox * p * c + ch;
                                for (int dx = 0; dx < p; dx++) {
                                    m = Math.max(m, activated[o + dx * c]);
                                }
                            }
                            if (nchw) {
                                pooled[(ch * oh + oy) * ow + ox] = m;
                            } else {
                                pooled[ox * c + ch] = m;
                            }
                        }
                    }
                    if (!nchw) {
                        dst.put((sample * oh + oy) * ow * c, pooled, 0, ow * c);
                    }
                }
                if (nchw) {
                    dst.put(sample * c * oh * ow, pooled, 0, c * oh * ow);
                }
            }
        }
    }
}
