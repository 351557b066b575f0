package org.deepzero.zo.nn;

import java.util.function.Function;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Mean over the spatial dimensions: {@code [N, C, H, W] -> [N, C]}. */
public final class GlobalAvgPool implements ChannelwiseLayer {
    private final String name;

    public GlobalAvgPool(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long[] outputShape(long[] in) {
        Shapes.requireRank(name, in, 4);
        return new long[] {in[0], in[1]};
    }

    @Override
    public INDArray forward(INDArray x, Weights w, int groups) {
        return x.mean(2, 3);
    }

    @Override
    public INDArray forwardChannel(INDArray xc, int channel, Weights w, int groups) {
        return xc.mean(2, 3).reshape(xc.size(0), 1);
    }

    @Override
    public SDVariable define(SameDiff sd, SDVariable x, long[] inShape, Function<String, SDVariable> vars) {
        return x.mean(2, 3);
    }
}
