package org.deepzero.zo.nn;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A block convolution's channels-last output after one of its input channels changes:
 * {@code cached + conv(Δ)}, Δ the channel's change and conv the convolution from that channel alone (no
 * bias). Δ as {@code [N, H, W, 1]} is the same memory as the planes {@code [N, 1, H, W]}, so it goes to
 * oneDNN's NHWC kernel without a layout copy, and the output stays channels-last, the layout the next
 * block's batch-norm pass reads ({@link ConvBlocks}). Δ and conv(Δ) live in per-thread buffers
 * ({@link ScratchArrays}). Measured, batch 256, 18 output channels: the NHWC one-channel kernel takes
 * 0.7 ms at 16x16 and 0.27 ms at 8x8; the NCHW one it replaces, with its fresh output and the add, about
 * 9 and 2 ms, direct Java loops over planes 2.1 and 0.8 ms, an im2col GEMM (memory-bound at K = 9) 2.6 and
 * 0.6 ms.
 */
final class ChannelsLastInputDelta {
    private ChannelsLastInputDelta() {
    }

    /** Whether {@link #replace} takes these arrays: float32, C-ordered and dense. */
    static boolean applies(INDArray values, INDArray cachedInput, INDArray cachedOutputLast, INDArray intoLast) {
        return ChannelPlanes.dense(values) && ChannelPlanes.dense(cachedInput) && ChannelPlanes.dense(cachedOutputLast)
                && ChannelPlanes.dense(intoLast);
    }

    /**
     * @param values           the new values of input channel {@code channel}, {@code [N, 1, H, W]}
     * @param cachedInput      the convolution's input before the change, {@code [N, Cin, H, W]}
     * @param cachedOutputLast its output on {@code cachedInput}, channels-last {@code [N, H, W, Cout]}
     * @param intoLast         receives the new output, shaped like {@code cachedOutputLast}
     */
    static void replace(Conv2d conv, INDArray values, INDArray cachedInput, int channel, Weights w,
            INDArray cachedOutputLast, INDArray intoLast) {
        int n = (int) values.size(0);
        int h = (int) values.size(2);
        int wd = (int) values.size(3);
        int cin = (int) cachedInput.size(1);
        int hw = h * wd;
        INDArray change = ScratchArrays.get(ScratchArrays.CHANGE, n, h, wd, 1);
        FloatBuffer v = values.data().asNioFloat();
        FloatBuffer x = cachedInput.data().asNioFloat();
        FloatBuffer d = change.data().asNioFloat();
        int vBase = (int) values.offset();
        int xBase = (int) cachedInput.offset();
        float[] plane = new float[hw];
        float[] old = new float[hw];
        for (int i = 0; i < n; i++) {
            v.get(vBase + i * hw, plane, 0, hw);
            x.get(xBase + (i * cin + channel) * hw, old, 0, hw);
            ChannelPlanes.subtract(plane, old, hw);
            d.put(i * hw, plane, 0, hw);
        }
        INDArray convolved = ScratchArrays.get(ScratchArrays.CHANGE_CONVOLVED, n, h, wd, conv.outChannels());
        conv.convolveInputChannelChannelsLast(change, channel, w, convolved);
        Nd4j.exec(new AddOp(cachedOutputLast, convolved, intoLast));
    }
}
