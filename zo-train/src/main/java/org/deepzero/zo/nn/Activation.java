package org.deepzero.zo.nn;

import java.util.function.Function;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Elementwise ReLU, or LeakyReLU {@code max(x, αx)} with slope α in (0, 1). No parameters. */
public final class Activation implements ChannelwiseLayer {
    private final String name;
    private final double slope;

    private Activation(String name, double slope) {
        this.name = name;
        this.slope = slope;
    }

    /** {@code max(x, 0)}. */
    public static Activation relu(String name) {
        return new Activation(name, 0.0);
    }

    /** {@code max(x, αx)}. */
    public static Activation leakyRelu(String name, double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException(name + ": LeakyReLU slope must be in (0, 1), got " + alpha);
        }
        return new Activation(name, alpha);
    }

    /** Negative-side slope; 0 for ReLU. */
    public double slope() {
        return slope;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long[] outputShape(long[] in) {
        return in.clone();
    }

    @Override
    public INDArray forward(INDArray x, Weights w, int groups) {
        return slope == 0 ? Transforms.relu(x, true) : Transforms.leakyRelu(x, slope, true);
    }

    /** The same activation, in place on {@code x} (the same ND4J op as {@link #forward}, so the same numbers). */
    void applyInPlace(INDArray x) {
        if (slope == 0) {
            Transforms.relu(x, false);
        } else {
            Transforms.leakyRelu(x, slope, false);
        }
    }

    @Override
    public INDArray forwardChannel(INDArray xc, int channel, Weights w, int groups) {
        return forward(xc, w, groups);
    }

    @Override
    public SDVariable define(SameDiff sd, SDVariable x, long[] inShape, Function<String, SDVariable> vars) {
        return slope == 0 ? sd.nn().relu(x, 0.0) : sd.nn().leakyRelu(x, slope);
    }
}
