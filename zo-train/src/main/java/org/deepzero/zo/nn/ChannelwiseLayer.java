package org.deepzero.zo.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer whose output channel c depends on input channel c only (activations, pooling, batch norm,
 * global average pooling). When a query changes a single channel of this layer's input, the engine
 * recomputes that channel alone.
 */
public interface ChannelwiseLayer extends Layer {

    /**
     * Forward pass of one channel.
     *
     * @param xc      input channel {@code c}, shape {@code [N, 1, ...]}
     * @param channel the channel index c (selects per-channel parameters)
     * @return output channel c, shape {@code [N, 1, ...]} ({@code [N, 1]} for global pooling)
     */
    INDArray forwardChannel(INDArray xc, int channel, Weights w, int groups);

    /**
     * The channel a parameter coordinate acts on: per-channel parameters (batch-norm γ and β) change one
     * output channel only. {@code local} is the index inside segment {@code segment}.
     */
    default int channelOf(String segment, int local) {
        throw new IllegalArgumentException(name() + " has no parameter segment '" + segment + "'");
    }
}
