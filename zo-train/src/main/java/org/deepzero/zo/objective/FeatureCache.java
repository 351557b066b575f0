package org.deepzero.zo.objective;

import java.util.Arrays;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.Weights;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Everything a staged objective remembers about one base point θ: the weights, the input of every stage
 * and the loss. Shared by all threads evaluating queries around θ. The loss at θ is computed when first
 * asked for, once: a loss may spend counted black-box queries, and a cluster member whose chunks do not
 * hold the query f(θ) must not spend them (the count would depend on the number of members).
 */
final class FeatureCache {
    private final double[] theta;
    private final Weights weights;
    private final INDArray[] activations;
    private final Loss loss;
    private boolean computed;
    private double value;
    /** Channels-last copies of stage inputs, made on first use (see {@link #channelsLast}). */
    private final INDArray[] channelsLast;

    private FeatureCache(double[] theta, Weights weights, INDArray[] activations, Loss loss) {
        this.theta = theta;
        this.weights = weights;
        this.activations = activations;
        this.loss = loss;
        this.channelsLast = new INDArray[activations.length];
    }

    static FeatureCache build(StagedModel model, double[] theta, INDArray input, Loss loss) {
        Weights w = model.weights(theta);
        return new FeatureCache(theta.clone(), w, model.activations(w, input), loss);
    }

    /** Whether this cache was built at exactly {@code point}. */
    boolean isAt(double[] point) {
        return Arrays.equals(theta, point);
    }

    Weights weights() {
        return weights;
    }

    /** Input of stage {@code l}; {@code l} = stage count gives the network output. Must not be modified. */
    INDArray stageInput(int l) {
        return activations[l];
    }

    /**
     * Input of stage {@code l} ({@code [N, C, H, W]}) channels-last, {@code [N, H, W, C]}, dense: the
     * layout a delta update of a convolution output takes when a channels-last block goes on from it.
     * Made once per base point (one copy), then shared read-only.
     */
    INDArray channelsLast(int l) {
        synchronized (channelsLast) {
            if (channelsLast[l] == null) {
                try (MemoryWorkspace none = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                    channelsLast[l] = activations[l].permute(0, 2, 3, 1).dup('c');
                }
            }
            return channelsLast[l];
        }
    }

    /** Loss at the base point (computed on the first call, by exactly one thread). */
    synchronized double value() {
        if (!computed) {
            value = loss.value(activations[activations.length - 1]);
            computed = true;
        }
        return value;
    }
}
