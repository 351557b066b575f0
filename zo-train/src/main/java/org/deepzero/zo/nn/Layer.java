package org.deepzero.zo.nn;

import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One operation of a network, evaluated eagerly on ND4J arrays and, for first-order reference
 * gradients, defined symbolically in SameDiff with the same semantics.
 * <p>
 * Batched queries: {@code groups} says that the batch dimension holds {@code groups} independent
 * mini-batches of equal size stacked one after another (one per query). Layers whose result depends
 * on the whole batch (batch norm in train mode) compute their statistics per group; all others ignore
 * it. Shapes are full shapes including the batch dimension, NCHW for images.
 */
public interface Layer {

    /** Layer name, unique in its model; segment names start with it. */
    String name();

    /** The trainable tensors of this layer, in coordinate order; empty when it has none. */
    default List<ParamDecl> params() {
        return List.of();
    }

    /** Output shape for an input of shape {@code in}; throws {@link IllegalArgumentException} on a mismatch. */
    long[] outputShape(long[] in);

    /** Multiply-adds of one forward pass on an input of shape {@code in} (0 for cheap elementwise layers). */
    default long multiplyAdds(long[] in) {
        return 0;
    }

    /**
     * This layer with every batch-norm layer in it replaced by {@code f} of it (eval mode, recording);
     * layers without batch norm return themselves.
     */
    default Layer mapBatchNorms(UnaryOperator<BatchNorm> f) {
        return this;
    }

    /** Eager forward pass; never modifies {@code x}. */
    INDArray forward(INDArray x, Weights w, int groups);

    /**
     * Symbolic forward pass.
     *
     * @param inShape the full shape of {@code x}
     * @param vars    segment name -> variable holding that tensor
     */
    SDVariable define(SameDiff sd, SDVariable x, long[] inShape, Function<String, SDVariable> vars);
}
