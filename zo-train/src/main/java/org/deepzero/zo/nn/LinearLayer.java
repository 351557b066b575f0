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

    /** Whether the output of this layer has a channel dimension 1 (NCHW images or [N, F] features). */
    default int outputChannelAxis() {
        return 1;
    }

    /**
     * Adds into {@code output} (this layer's output on {@code input}) the change caused by moving
     * parameter {@code segment}[{@code local}] by {@code delta}; returns the output channel it touched.
     */
    int addParameterDelta(INDArray input, INDArray output, String segment, int local, double delta);

    /**
     * The change of this layer's output when input channel {@code channel} changes by {@code dxc}
     * (shape {@code [N, 1, ...]}); the bias does not enter.
     */
    INDArray inputChannelDelta(INDArray dxc, int channel, Weights w);
}
