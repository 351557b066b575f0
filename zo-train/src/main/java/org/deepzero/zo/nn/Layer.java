package org.deepzero.zo.nn;

import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
     * Forward of G = {@code weights.size()} queries that each carry their own weights (RGE directions):
     * {@code x} holds G mini-batches stacked in the batch dimension, group g is evaluated with
     * {@code weights.get(g)}. A layer without parameters runs once on the whole stack; the default for
     * one with parameters runs each group on its own, exactly as an unbatched forward would.
     */
    default INDArray forwardStacked(INDArray x, List<Weights> weights) {
        int groups = weights.size();
        if (params().isEmpty()) {
            return forward(x, weights.get(0), groups);
        }
        long n = x.size(0) / groups;
        INDArray[] parts = new INDArray[groups];
        for (int g = 0; g < groups; g++) {
            parts[g] = forward(Shapes.batchSlice(x, g * n, (g + 1) * n), weights.get(g), 1);
        }
        return groups == 1 ? parts[0] : Nd4j.concat(0, parts);
    }

    /**
     * As {@link #forwardStacked} when every group has the same input {@code x} (one mini-batch, not
     * stacked): the first stage an RGE direction touches. Returns the G outputs stacked in the batch
     * dimension.
     */
    default INDArray forwardShared(INDArray x, List<Weights> weights) {
        INDArray[] parts = new INDArray[weights.size()];
        for (int g = 0; g < parts.length; g++) {
            parts[g] = forward(x, weights.get(g), 1);
        }
        return parts.length == 1 ? parts[0] : Nd4j.concat(0, parts);
    }

    /**
     * Symbolic forward pass.
     *
     * @param inShape the full shape of {@code x}
     * @param vars    segment name -> variable holding that tensor
     */
    SDVariable define(SameDiff sd, SDVariable x, long[] inShape, Function<String, SDVariable> vars);
}
