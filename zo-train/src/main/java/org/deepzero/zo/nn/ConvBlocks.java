package org.deepzero.zo.nn;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import org.deepzero.zo.nn.FusedBatchNorm.ChannelAffine;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs of conv → batch norm → ReLU → max-pool stages, the blocks of the CIFAR CNNs, computed
 * channels-last: the input is copied once to {@code [N, H, W, C]}, every convolution is one oneDNN NHWC
 * call into a reused per-thread buffer ({@link ScratchArrays}), batch norm takes its statistics in one
 * pass over that buffer and one more pass normalises, applies the ReLU and pools, writing the next
 * block's channels-last input; the last block's output (4x smaller than its convolution's after pooling)
 * is copied back to NCHW. Per block that is one ND4J call and two
 * passes over the convolution output, against about six ND4J calls, four passes and four fresh arrays
 * stage by stage.
 * <p>
 * Bit for bit the same numbers as the stages one by one: the convolution is the same oneDNN kernel on the
 * same data ({@link Conv2d} with channels-last forwards), batch norm follows the column order of
 * {@link FusedBatchNorm}, ReLU and max are exact. In channels-last rows the column order's per-column
 * totals are contiguous, so the statistics pass runs over whole rows.
 * <p>
 * Batch norm in eval mode (population statistics, {@link BatchNorm#frozen}) is a per-channel affine map
 * {@code x · s + t}, so its block needs no statistics pass: one pass applies the affine map, the ReLU and
 * the pooling. It computes what the stages one by one compute ({@link BatchNorm}'s affine map is an ND4J
 * multiply, then an add, in float32 with the same s and t; ReLU and max exact), bit for bit; ND4J's ReLU
 * keeps a −0 that {@code Math.max} makes +0, and a −0 can only come out of {@code x · s + t} where t is −0,
 * so a run with such a t is left to the stages ({@link #exact}).
 * <p>
 * A channels-last stride-1 convolution right after a run (the denoiser's last one) may run as the run's
 * tail, on the last block's channels-last output, so that only its own output is copied back to NCHW.
 */
final class ConvBlocks {
    private ConvBlocks() {
    }

    /**
     * One block: a channels-last stride-1 convolution, a batch norm in train mode (nothing recorded) or
     * eval mode, a ReLU, and a max-pool or none.
     */
    record Block(Conv2d conv, BatchNorm norm, Pool2d pool) {
        /** How many stages the block spans. */
        int stages() {
            return pool == null ? 3 : 4;
        }

        /** Whether its batch norm is in eval mode (a fixed affine map; the query paths take train mode only). */
        boolean frozen() {
            return norm.isFrozen();
        }
    }

    /** The block starting at stage {@code l}, or null if the stages there do not form one. */
    static Block at(List<Layer> stages, int l) {
        if (l + 2 >= stages.size() || !(stages.get(l) instanceof Conv2d conv) || !conv.channelsLast()
                || conv.stride() != 1 || NarrowConvolution.takes(conv) || !(stages.get(l + 1) instanceof BatchNorm bn) || !(bn.isPlainTrainMode() || bn.isFrozen())
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
     * Whether {@link #forward} gives the stages' numbers bit for bit for these weights: no eval-mode block
     * has a shift t of −0 (see the class comment; an exactly −0 shift needs β = −0 with a zero mean, or a
     * shift below float32's range, so in practice this always holds).
     */
    static boolean exact(List<Block> blocks, Weights w) {
        for (Block b : blocks) {
            if (b.frozen()) {
                for (float t : b.norm().frozenScaleShift(w)[1]) {
                    if (Float.floatToRawIntBits(t) == 0x80000000) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * The blocks one after another on {@code x} ({@code [G·N, C, H, W]}, G = {@code groups} stacked
     * mini-batches with batch-norm statistics per group); the result is NCHW.
     */
    static INDArray forward(List<Block> blocks, INDArray x, Weights w, int groups) {
        return forward(blocks, null, x, w, groups);
    }

    /**
     * As {@link #forward(List, INDArray, Weights, int)}, then the channels-last stride-1 convolution
     * {@code tail} (or none) on the last block's output while it is channels-last: one oneDNN NHWC call
     * (the kernel {@link Conv2d#forward} runs for it too, so the same numbers) and a copy of its output,
     * not of its input, back to NCHW.
     */
    static INDArray forward(List<Block> blocks, Conv2d tail, INDArray x, Weights w, int groups) {
        INDArray in = ScratchArrays.get(ScratchArrays.INPUT, x.size(0), x.size(2), x.size(3), x.size(1));
        in.assign(x.permute(0, 2, 3, 1));
        return forwardChannelsLast(blocks, tail, in, w, groups);
    }

    /**
     * The rest of block {@code started} after its convolution, then the blocks {@code then}, on the
     * convolution's output given channels-last ({@code convolved}, {@code [G·N, H, W, C]}, dense; it may
     * be this thread's CONVOLVED slot, not its INPUT slot, which receives the pooled output): where a
     * coordinate query resumes after a delta update of that output. The result is NCHW.
     */
    static INDArray forwardAfterConvolution(Block started, List<Block> then, INDArray convolved, Weights w,
            int groups) {
        int p = started.pool() == null ? 1 : started.pool().size();
        INDArray out = ScratchArrays.get(ScratchArrays.INPUT, convolved.size(0), convolved.size(1) / p,
                convolved.size(2) / p, convolved.size(3));
        normaliseReluPool(convolved, started.norm().gammaOf(w), started.norm().betaOf(w), groups, p, out);
        return forwardChannelsLast(then, null, out, w, groups);
    }

    /**
     * The blocks on {@code in}, channels-last {@code [G·N, H, W, C]} in the INPUT slot, then {@code tail} if not
     * null; the result is NCHW.
     */
    private static INDArray forwardChannelsLast(List<Block> blocks, Conv2d tail, INDArray in, Weights w,
            int groups) {
        long n = in.size(0);
        for (int b = 0; b < blocks.size(); b++) {
            Block block = blocks.get(b);
            long h = in.size(1);
            long wd = in.size(2);
            int c = block.conv().outChannels();
            INDArray convolved = ScratchArrays.get(ScratchArrays.CONVOLVED, n, h, wd, c);
            block.conv().convolveChannelsLast(in, w, convolved);
            int p = block.pool() == null ? 1 : block.pool().size();
            INDArray out = ScratchArrays.get(b % 2 == 0 ? ScratchArrays.NEXT_INPUT : ScratchArrays.INPUT, n, h / p,
                    wd / p, c);
            if (block.frozen()) {
                float[][] st = block.norm().frozenScaleShift(w);
                affineReluPool(convolved, st[0], st[1], p, out);
            } else {
                normaliseReluPool(convolved, block.norm().gammaOf(w), block.norm().betaOf(w), groups, p, out);
            }
            in = out;
        }
        if (tail != null) { // the last block wrote INPUT or NEXT_INPUT; its convolution output is spent
            INDArray y = ScratchArrays.get(ScratchArrays.CONVOLVED, n, in.size(1), in.size(2), tail.outChannels());
            tail.convolveChannelsLast(in, w, y);
            in = y;
        }
        return Nd4j.createUninitialized(DataType.FLOAT, n, in.size(3), in.size(1), in.size(2))
                .assign(in.permute(0, 3, 1, 2));
    }

    /**
     * Batch norm (train mode, statistics per group in the column order), ReLU and p x p max-pooling of
     * the channels-last {@code x} {@code [G·N, H, W, C]} into {@code out} {@code [G·N, H/p, W/p, C]}. Every
     * inner loop runs over whole rows of W·C values so that the JIT vectorises it.
     */
    private static void normaliseReluPool(INDArray x, INDArray gamma, INDArray beta, int groups, int p,
            INDArray out) {
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
        float[][] window = new float[p][rowLength];
        float[] shifted = new float[rowLength];
        float[] shiftK = new float[rowLength];
        float[] sampleSums = new float[rowLength];
        float[] sampleSquares = new float[rowLength];
        double[] sums = new double[rowLength];
        double[] squares = new double[rowLength];
        float[] mean = new float[rowLength];
        float[] scale = new float[rowLength];
        float[] shift = new float[rowLength];
        float[] pooled = new float[ow * c];
        double count = (double) n * h * wd;
        for (int gr = 0; gr < groups; gr++) {
            int first = gr * n * h * rowLength;
            for (int j = 0; j < rowLength; j++) {
                shiftK[j] = src.get(first + j % c);
            }
            Arrays.fill(sums, 0.0);
            Arrays.fill(squares, 0.0);
            for (int i = 0; i < n; i++) {
                Arrays.fill(sampleSums, 0f);
                Arrays.fill(sampleSquares, 0f);
                for (int y = 0; y < h; y++) {
                    src.get(first + (i * h + y) * rowLength, window[0], 0, rowLength);
                    accumulate(window[0], shiftK, sampleSums, sampleSquares, rowLength);
                }
                widen(sampleSums, sums, rowLength);
                widen(sampleSquares, squares, rowLength);
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
                    for (int dy = 0; dy < p; dy++) {
                        src.get(first + (i * h + oy * p + dy) * rowLength, window[dy], 0, rowLength);
                        normaliseRelu(window[dy], mean, scale, shift, rowLength);
                    }
                    poolRow(window, shifted, pooled, p, c, ow, rowLength);
                    dst.put((sample * oh + oy) * ow * c, pooled, 0, ow * c);
                }
            }
        }
    }

    /**
     * Eval-mode batch norm {@code x · s + t} (float32, a multiply then an add, as ND4J's two ops), ReLU and
     * p x p max-pooling of the channels-last {@code x} {@code [N, H, W, C]} into {@code out}
     * {@code [N, H/p, W/p, C]}: one pass, each sample on its own.
     */
    private static void affineReluPool(INDArray x, float[] s, float[] t, int p, INDArray out) {
        int total = (int) x.size(0);
        int h = (int) x.size(1);
        int wd = (int) x.size(2);
        int c = (int) x.size(3);
        int rowLength = wd * c;
        int oh = h / p;
        int ow = wd / p;
        FloatBuffer src = x.data().asNioFloat();
        FloatBuffer dst = out.data().asNioFloat();
        float[] scale = new float[rowLength];
        float[] shift = new float[rowLength];
        for (int j = 0; j < rowLength; j++) {
            scale[j] = s[j % c];
            shift[j] = t[j % c];
        }
        float[][] window = new float[p][rowLength];
        float[] shifted = new float[rowLength];
        float[] pooled = new float[ow * c];
        for (int sample = 0; sample < total; sample++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int dy = 0; dy < p; dy++) {
                    src.get((sample * h + oy * p + dy) * rowLength, window[dy], 0, rowLength);
                    affineRelu(window[dy], scale, shift, rowLength);
                }
                if (p == 1) {
                    dst.put((sample * oh + oy) * ow * c, window[0], 0, rowLength);
                    continue;
                }
                poolRow(window, shifted, pooled, p, c, ow, rowLength);
                dst.put((sample * oh + oy) * ow * c, pooled, 0, ow * c);
            }
        }
    }

    /** Max over the p rows of {@code window} and then over p x p columns, into {@code pooled} ({@code ow · c} values). */
    private static void poolRow(float[][] window, float[] shifted, float[] pooled, int p, int c, int ow,
            int rowLength) {
        for (int dy = 1; dy < p; dy++) { // max over the window's rows into the first row
            maxInto(window[0], window[dy], rowLength);
        }
        // then over its columns: the row shifted by dx pixels is copied to an array of its own, so that the
        // max runs as a vectorised whole-array loop
        float[] top = window[0];
        float[] unshifted = p > 2 ? top.clone() : top;
        for (int dx = 1; dx < p; dx++) {
            System.arraycopy(unshifted, dx * c, shifted, 0, rowLength - dx * c);
            maxInto(top, shifted, rowLength - dx * c);
        }
        for (int ox = 0; ox < ow; ox++) {
            System.arraycopy(top, ox * p * c, pooled, ox * c, c);
        }
    }

    // small loops in methods of their own, each over whole arrays from index 0: the JIT (JDK 17)
    // vectorises them so (measured 4x to 8x faster), not with an offset into one of the arrays

    /** Adds {@code d = row − k} and {@code d²} to the per-column sums (float32). */
    private static void accumulate(float[] row, float[] k, float[] sums, float[] squares, int length) {
        for (int j = 0; j < length; j++) {
            float d = row[j] - k[j];
            sums[j] += d;
            squares[j] += d * d;
        }
    }

    private static void widen(float[] from, double[] into, int length) {
        for (int j = 0; j < length; j++) {
            into[j] += from[j];
        }
    }

    /** {@code max((a − mean) · scale + shift, 0)} in place. */
    private static void normaliseRelu(float[] a, float[] mean, float[] scale, float[] shift, int length) {
        for (int j = 0; j < length; j++) {
            a[j] = Math.max((a[j] - mean[j]) * scale[j] + shift[j], 0f);
        }
    }

    /** {@code max(a · scale + shift, 0)} in place (Java never fuses the multiply and add into an fma). */
    private static void affineRelu(float[] a, float[] scale, float[] shift, int length) {
        for (int j = 0; j < length; j++) {
            a[j] = Math.max(a[j] * scale[j] + shift[j], 0f);
        }
    }

    /** {@code a[j] = max(a[j], b[j])}. */
    private static void maxInto(float[] a, float[] b, int length) {
        for (int j = 0; j < length; j++) {
            a[j] = Math.max(a[j], b[j]);
        }
    }
}
