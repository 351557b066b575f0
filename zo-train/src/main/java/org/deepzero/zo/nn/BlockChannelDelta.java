package org.deepzero.zo.nn;

import java.nio.FloatBuffer;
import org.deepzero.zo.nn.FusedBatchNorm.ChannelAffine;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one output channel of a conv → batch norm (train mode) → ReLU (→ max-pool) block ({@link ConvBlocks})
 * that changes when one weight or bias of its convolution changes, computed from the block's cached
 * input and convolution output in float32 loops: the perturbed channel (cached plane plus δ times the
 * tap's shifted input plane, or plus δ), its batch-norm statistics in the column order of
 * {@link FusedBatchNorm}, then normalisation, ReLU and pooling in one pass. Stage by stage the same
 * work took seven ND4J calls on strided one-channel views (about 10 ms at 32x32, batch 256) where these
 * loops take two passes. The numbers are those of the stages one by one, bit for bit up to the sign of
 * zeros: the perturbation is the same float32 multiply and add, batch norm the same loops, ReLU and max
 * exact.
 */
final class BlockChannelDelta {
    private BlockChannelDelta() {
    }

    /** Whether {@link #apply} takes these cached arrays. */
    static boolean applies(INDArray blockInput, INDArray convOutput) {
        return ChannelPlanes.dense(blockInput) && ChannelPlanes.dense(convOutput)
                && convOutput.length() < Integer.MAX_VALUE && blockInput.length() < Integer.MAX_VALUE;
    }

    /**
     * @param tap   the coordinate's tap; the changed channel is {@code tap.out()}
     * @param delta the coordinate's change as stored (float32)
     * @return the new values of channel {@code tap.out()} of the block's output, {@code [N, 1, H/p, W/p]}, in
     *         this thread's BLOCK_CHANNEL slot of {@link ScratchArrays}
     */
    static INDArray apply(ConvBlocks.Block block, Conv2d.Tap tap, float delta, INDArray blockInput,
            INDArray convOutput, Weights w) {
        int n = (int) convOutput.size(0);
        int cout = (int) convOutput.size(1);
        int h = (int) convOutput.size(2);
        int wd = (int) convOutput.size(3);
        int cin = (int) blockInput.size(1);
        int hw = h * wd;
        int o = tap.out();
        FloatBuffer x = blockInput.data().asNioFloat();
        FloatBuffer y = convOutput.data().asNioFloat();
        int xBase = (int) blockInput.offset();
        int yBase = (int) convOutput.offset();
        float[] channel = new float[n * hw];
        float[] plane = new float[hw];
        float[] input = new float[hw];
        float[] shifted = new float[hw];
        FusedBatchNorm.ColumnSums sums = new FusedBatchNorm.ColumnSums(h, wd);
        for (int s = 0; s < n; s++) {
            y.get(yBase + (s * cout + o) * hw, plane, 0, hw);
            if (tap.isBias()) {
                ChannelPlanes.addConstant(plane, delta, hw);
            } else {
                x.get(xBase + (s * cin + tap.in()) * hw, input, 0, hw);
                ChannelPlanes.shift(input, shifted, h, wd, tap.dy(), tap.dx());
                ChannelPlanes.addScaled(shifted, delta, plane, hw);
            }
            if (s == 0) {
                sums.start(plane[0]); // the column order's shift: the channel's first value
            }
            sums.add(plane);
            System.arraycopy(plane, 0, channel, s * hw, hw);
        }
        float gamma = block.norm().gammaOf(w).getFloat(o);
        float beta = block.norm().betaOf(w).getFloat(o);
        ChannelAffine a = sums.affine((double) n * hw, gamma, beta, BatchNorm.EPSILON);
        int p = block.pool() == null ? 1 : block.pool().size();
        int oh = h / p;
        int ow = wd / p;
        INDArray out = ScratchArrays.get(ScratchArrays.BLOCK_CHANNEL, n, 1, oh, ow);
        FloatBuffer pooled = out.data().asNioFloat();
        float[] window = new float[ow * oh];
        ChannelPlanes planes = new ChannelPlanes(wd);
        for (int s = 0; s < n; s++) {
            System.arraycopy(channel, s * hw, plane, 0, hw);
            ChannelPlanes.normaliseRelu(plane, a.mean(), a.scale(), a.shift(), hw);
            planes.maxPool(plane, h, p, window);
            pooled.put(s * oh * ow, window, 0, oh * ow);
        }
        return out;
    }
}
