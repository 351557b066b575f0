package org.deepzero.zo.nn;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * ResNet basic block as one stage: {@code relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))} with 3x3
 * convolutions, conv1 of stride s. The shortcut is the identity, or when the shape changes "option A"
 * of He et al. (2016): subsample by s and zero-pad the new channels equally on both sides (no parameters).
 */
public final class ResidualBlock implements Layer {
    private final String name;
    private final int in;
    private final int out;
    private final int stride;
    private final Conv2d conv1;
    private final BatchNorm bn1;
    private final Conv2d conv2;
    private final BatchNorm bn2;
    private final Pooling2DConfig subsample;

    public ResidualBlock(String name, int inChannels, int outChannels, int stride) {
        this(name, inChannels, outChannels, stride, new BatchNorm(name + ".bn1", outChannels),
                new BatchNorm(name + ".bn2", outChannels));
    }

    private ResidualBlock(String name, int inChannels, int outChannels, int stride, BatchNorm bn1, BatchNorm bn2) {
        if (outChannels < inChannels || (outChannels - inChannels) % 2 != 0) {
            throw new IllegalArgumentException(name + ": option-A shortcut needs out >= in channels with an even"
                    + " difference, got " + inChannels + " -> " + outChannels);
        }
        this.name = name;
        this.in = inChannels;
        this.out = outChannels;
        this.stride = stride;
        this.conv1 = new Conv2d(name + ".conv1", inChannels, outChannels, 3, stride);
        this.bn1 = bn1;
        this.conv2 = new Conv2d(name + ".conv2", outChannels, outChannels, 3, 1);
        this.bn2 = bn2;
        // a 1x1 max pool with stride s picks x[:, :, ::s, ::s], the same way in ND4J and SameDiff
        this.subsample = Pooling2DConfig.builder().kH(1).kW(1).sH(stride).sW(stride).dH(1).dW(1)
                .paddingMode(PaddingMode.SAME).type(Pooling2D.Pooling2DType.MAX).isNHWC(false).build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Layer mapBatchNorms(UnaryOperator<BatchNorm> f) {
        return new ResidualBlock(name, in, out, stride, f.apply(bn1), f.apply(bn2));
    }

    @Override
    public List<ParamDecl> params() {
        List<ParamDecl> all = new ArrayList<>();
        all.addAll(conv1.params());
        all.addAll(bn1.params());
        all.addAll(conv2.params());
        all.addAll(bn2.params());
        return all;
    }

    @Override
    public long[] outputShape(long[] s) {
        return conv2.outputShape(conv1.outputShape(s));
    }

    @Override
    public long multiplyAdds(long[] s) {
        return conv1.multiplyAdds(s) + conv2.multiplyAdds(conv1.outputShape(s));
    }

    private boolean identityShortcut() {
        return stride == 1 && in == out;
    }

    @Override
    public INDArray forward(INDArray x, Weights w, int groups) {
        INDArray h = Transforms.relu(bn1.forward(conv1.forward(x, w, groups), w, groups), false);
        INDArray y = bn2.forward(conv2.forward(h, w, groups), w, groups);
        y.addi(shortcut(x));
        return Transforms.relu(y, false);
    }

    private INDArray shortcut(INDArray x) {
        if (identityShortcut()) {
            return x;
        }
        INDArray sub = stride == 1 ? x : Nd4j.cnn().maxPooling2d(x, subsample);
        int pad = (out - in) / 2;
        INDArray padded = Nd4j.zeros(x.dataType(), sub.size(0), out, sub.size(2), sub.size(3));
        padded.get(all(), interval(pad, pad + in), all(), all()).assign(sub);
        return padded;
    }

    @Override
    public SDVariable define(SameDiff sd, SDVariable x, long[] inShape, Function<String, SDVariable> vars) {
        long[] s1 = conv1.outputShape(inShape);
        SDVariable h = sd.nn().relu(bn1.define(sd, conv1.define(sd, x, inShape, vars), s1, vars), 0.0);
        SDVariable y = bn2.define(sd, conv2.define(sd, h, s1, vars), s1, vars);
        SDVariable sc = x;
        if (!identityShortcut()) {
            SDVariable sub = stride == 1 ? x : sd.cnn().maxPooling2d(x, subsample);
            int pad = (out - in) / 2;
            INDArray paddings = Nd4j.createFromArray(new int[][] {{0, 0}, {pad, pad}, {0, 0}, {0, 0}});
            sc = sd.nn().pad(sub, sd.constant(paddings), 0.0);
        }
        return sd.nn().relu(y.add(sc), 0.0);
    }
}
