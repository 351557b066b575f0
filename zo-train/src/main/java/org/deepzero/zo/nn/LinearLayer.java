package org.deepzero.zo.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer affine in its input and in each parameter (stride-1 convolution, dense). Two cheap
 * updates follow from linearity and let a coordinate query skip recomputing the layer:
 * <ul>
 *   <li>a change δ of one weight or bias changes the output by a term touching one output channel
 *       (conv: δ times a shifted copy of one input channel; dense: δ times one input column);</li>
 *   <li>a change Δ of one input channel changes the output by the layer applied to Δ alone with the
 *       bias dropped (conv: a one-input-channel convolution; dense: a rank-one term).</li>
 * </ul>
 */
public interface LinearLayer extends Layer {

    /**
     * The change of this layer's output on {@code input} when parameter {@code segment}[{@code local}]
     * moves by {@code delta}: it touches one output channel only.
     */
    ChannelDelta parameterDelta(INDArray input, String segment, int local, double delta);

    /** Whether {@link #parameterDelta} and {@link #inputChannelDelta} apply to this instance. */
    default boolean supportsDelta() {
        return true;
    }

    /** Multiply-adds of {@link #inputChannelDelta} for an input of shape {@code in}. */
    long inputChannelDeltaMultiplyAdds(long[] in);

    /**
     * A change confined to one channel of an activation.
     *
     * @param channel the channel index (axis 1)
     * @param values  the change of that channel, shape {@code [N, 1, ...]}
     */
    record ChannelDelta(int channel, INDArray values) {
    }

    /**
     * The change of this layer's output when input channel {@code channel} changes by {@code dxc}
     * (shape {@code [N, 1, ...]}); the bias does not enter.
     */
    INDArray inputChannelDelta(INDArray dxc, int channel, Weights w);
}
