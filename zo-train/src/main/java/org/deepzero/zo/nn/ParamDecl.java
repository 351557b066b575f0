package org.deepzero.zo.nn;

import java.util.Arrays;
import java.util.Objects;

/**
 * A trainable tensor a layer declares: its full segment name, shape and how it is initialised.
 *
 * @param name  segment name, unique in the model, e.g. {@code "conv1.weight"}
 * @param layer layer name the tensor belongs to (pruning ratios are per layer)
 * @param shape tensor shape, row-major
 * @param init  initialisation rule
 * @param fanIn fan-in used by He initialisation
 */
public record ParamDecl(String name, String layer, int[] shape, Init init, int fanIn) {

    /** Initialisation rules. */
    public enum Init {
        /** He/Kaiming normal: N(0, 2 / fanIn), for weights followed by ReLU-like activations. */
        HE_NORMAL,
        /** All zeros (biases, batch-norm shift). */
        ZEROS,
        /** All ones (batch-norm scale). */
        ONES
    }

    public ParamDecl {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(init, "init");
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParamDecl p && p.name.equals(name) && p.layer.equals(layer)
                && Arrays.equals(p.shape, shape) && p.init == init && p.fanIn == fanIn;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, layer, Arrays.hashCode(shape), init, fanIn);
    }
}
