package org.deepzero.zo.objective;

import java.util.Arrays;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.Weights;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Everything a staged objective remembers about one base point θ: the weights, the input of every stage
 * and the loss. Read-only once built, shared by all threads evaluating queries around θ.
 */
final class FeatureCache {
    private final double[] theta;
    private final Weights weights;
    private final INDArray[] activations;
    private final double value;

    private FeatureCache(double[] theta, Weights weights, INDArray[] activations, double value) {
        this.theta = theta;
        this.weights = weights;
        this.activations = activations;
        this.value = value;
    }

    static FeatureCache build(StagedModel model, double[] theta, INDArray input, Loss loss) {
        Weights w = model.weights(theta);
        INDArray[] a = model.activations(w, input);
        return new FeatureCache(theta.clone(), w, a, loss.value(a[a.length - 1]));
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

    /** Loss at the base point. */
    double value() {
        return value;
    }
}
