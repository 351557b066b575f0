package org.deepzero.zo.nn;

import java.util.function.Function;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code [N, C, H, W] -> [N, C·H·W]} in C order. */
public final class Flatten implements Layer {
    private final String name;

    public Flatten(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long[] outputShape(long[] in) {
        for (int i = 1; i < in.length; i++) {
            if (in[i] < 0) {
                throw new IllegalArgumentException(name + ": flatten needs a known input size, got unknown dimension " + i);
            }
        }
        return new long[] {in[0], Shapes.product(in, 1)};
    }

    @Override
    public INDArray forward(INDArray x, Weights w, int groups) {
        return x.dup('c').reshape(x.size(0), Shapes.product(x.shape(), 1));
    }

    @Override
    public SDVariable define(SameDiff sd, SDVariable x, long[] inShape, Function<String, SDVariable> vars) {
        return x.reshape(-1, (int) Shapes.product(inShape, 1));
    }
}
