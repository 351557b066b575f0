package org.deepzero.zo.nn;

import java.util.function.Function;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/** Max or average pooling over non-overlapping k x k windows (stride k, no padding, remainder dropped). */
public final class Pool2d implements ChannelwiseLayer {
    private final String name;
    private final boolean max;
    private final int size;
    private final Pooling2DConfig config;

    private Pool2d(String name, boolean max, int size) {
        if (size < 1) {
            throw new IllegalArgumentException(name + ": pooling size must be positive, got " + size);
        }
        this.name = name;
        this.max = max;
        this.size = size;
        this.config = Pooling2DConfig.builder().kH(size).kW(size).sH(size).sW(size).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).type(max ? Pooling2D.Pooling2DType.MAX : Pooling2D.Pooling2DType.AVG)
                .divisor(Pooling2D.Divisor.INCLUDE_PADDING).isNHWC(false).build();
    }

    public static Pool2d max(String name, int size) {
        return new Pool2d(name, true, size);
    }

    public static Pool2d avg(String name, int size) {
        return new Pool2d(name, false, size);
    }

    public boolean isMax() {
        return max;
    }

    public int size() {
        return size;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long[] outputShape(long[] in) {
        Shapes.requireRank(name, in, 4);
        if (in[2] < size || in[3] < size) {
            throw new IllegalArgumentException(name + ": input " + in[2] + "x" + in[3] + " smaller than the window " + size);
        }
        return new long[] {in[0], in[1], in[2] / size, in[3] / size};
    }

    @Override
    public INDArray forward(INDArray x, Weights w, int groups) {
        return max ? Nd4j.cnn().maxPooling2d(x, config) : Nd4j.cnn().avgPooling2d(x, config);
    }

    @Override
    public INDArray forwardChannel(INDArray xc, int channel, Weights w, int groups) {
        return forward(xc, w, groups);
    }

    @Override
    public SDVariable define(SameDiff sd, SDVariable x, long[] inShape, Function<String, SDVariable> vars) {
        return max ? sd.cnn().maxPooling2d(x, config) : sd.cnn().avgPooling2d(x, config);
    }
}
