package org.deepzero.zo.nn;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.List;
import java.util.function.Function;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 2-D convolution (cross-correlation), NCHW, "same" padding, square odd kernel, stride 1 or 2, with bias.
 * Weight {@code [Cout, Cin, k, k]}, bias {@code [Cout]}:
 * {@code out[n,o,y,x] = b[o] + Σ_{i,ky,kx} w[o,i,ky,kx] · in[n,i,s·y+ky−p,s·x+kx−p]} with zero padding,
 * p = (k−1)/2 for stride 1. With stride 2 the padding follows ND4J's SAME rule (extra row/column at the end).
 * <p>
 * A channels-last convolution computes in float32 with oneDNN's NHWC kernels (its input transposed to
 * {@code [N, H, W, C]} and the output back): on the CIFAR shapes they run about 2x faster than its NCHW
 * kernels, and a chain of conv → batch norm → ReLU → max-pool stages runs channels-last throughout
 * ({@link ConvBlocks}). On the CIFAR shapes the NHWC kernels gave the NCHW kernels' numbers bit for bit
 * (measured, not promised by oneDNN), and so they did on the PDE correctors' 5x5 shapes, where oneDNN runs
 * its channels-last kernel for NCHW arrays too. {@link StagedModels} makes a convolution channels-last
 * where batch norm follows it (the CIFAR CNNs, {@link ConvBlocks}) or in a run of convolutions with only
 * activations between them (the correctors, {@link ConvChains}). A channels-last convolution with one or
 * two outputs runs as {@link NarrowConvolution} (oneDNN would compute 16). Each sample's output is the same bit for bit in any batch
 * (measured), which the bit-for-bit agreement of stacked and single query groups relies on.
 */
public final class Conv2d implements LinearLayer {
    private final String name;
    private final int in;
    private final int out;
    private final int kernel;
    private final int stride;
    private final Conv2DConfig config;
    private final Conv2DConfig symbolicConfig;
    private final Conv2DConfig channelsLastConfig;
    private final boolean channelsLast;

    /** An NCHW convolution. */
    public Conv2d(String name, int inChannels, int outChannels, int kernel, int stride) {
        this(name, inChannels, outChannels, kernel, stride, false);
    }

    /** @param channelsLast whether float32 forwards use the NHWC kernels (see the class comment) */
    public Conv2d(String name, int inChannels, int outChannels, int kernel, int stride, boolean channelsLast) {
        if (inChannels <= 0 || outChannels <= 0) {
            throw new IllegalArgumentException(name + ": channel counts must be positive, got " + inChannels
                    + " -> " + outChannels);
        }
        if (kernel <= 0 || kernel % 2 == 0) {
            throw new IllegalArgumentException(name + ": kernel size must be odd and positive, got " + kernel);
        }
        if (stride != 1 && stride != 2) {
            throw new IllegalArgumentException(name + ": stride must be 1 or 2, got " + stride);
        }
        this.name = name;
        this.in = inChannels;
        this.out = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.channelsLast = channelsLast;
        this.channelsLastConfig = Conv2DConfig.builder().kH(kernel).kW(kernel).sH(stride).sW(stride).dH(1).dW(1)
                .paddingMode(PaddingMode.SAME).dataFormat("NHWC").weightsFormat(WeightsFormat.OIYX).build();
        this.config = Conv2DConfig.builder().kH(kernel).kW(kernel).sH(stride).sW(stride).dH(1).dW(1)
                .paddingMode(PaddingMode.SAME).dataFormat("NCHW").weightsFormat(WeightsFormat.OIYX).build();
        // SameDiff's conv2d_bp rejects the OIYX layout in 1.0.0-M2.1: the graph permutes to [k, k, Cin, Cout]
        this.symbolicConfig = Conv2DConfig.builder().kH(kernel).kW(kernel).sH(stride).sW(stride).dH(1).dW(1)
                .paddingMode(PaddingMode.SAME).dataFormat("NCHW").build();
    }

    /** Whether float32 forwards run channels-last. */
    public boolean channelsLast() {
        return channelsLast;
    }

    /** This convolution with float32 forwards channels-last or NCHW (the same parameters and results up to rounding). */
    public Conv2d withChannelsLast(boolean on) {
        return on == channelsLast ? this : new Conv2d(name, in, out, kernel, stride, on);
    }

    public int inChannels() {
        return in;
    }

    public int outChannels() {
        return out;
    }

    public int kernel() {
        return kernel;
    }

    public int stride() {
        return stride;
    }

    @Override
    public String name() {
        return name;
    }

    private String weight() {
        return name + ".weight";
    }

    private String bias() {
        return name + ".bias";
    }

    @Override
    public List<ParamDecl> params() {
        int fanIn = in * kernel * kernel;
        return List.of(new ParamDecl(weight(), name, new int[] {out, in, kernel, kernel}, ParamDecl.Init.HE_NORMAL, fanIn),
                new ParamDecl(bias(), name, new int[] {out}, ParamDecl.Init.ZEROS, fanIn));
    }

    @Override
    public long[] outputShape(long[] s) {
        Shapes.requireRank(name, s, 4);
        Shapes.requireChannels(name, s, in);
        return new long[] {s[0], out, ceilDiv(s[2], stride), ceilDiv(s[3], stride)};
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    @Override
    public long multiplyAdds(long[] s) {
        long[] o = outputShape(s);
        return o[0] * o[1] * o[2] * o[3] * in * (long) kernel * kernel;
    }

    @Override
    public INDArray forward(INDArray x, Weights w, int groups) {
        if (channelsLast && x.dataType() == DataType.FLOAT) {
            INDArray y = Nd4j.createUninitialized(DataType.FLOAT, outputShape(x.shape()));
            INDArray xLast = ScratchArrays.get(ScratchArrays.INPUT, x.size(0), x.size(2), x.size(3), x.size(1));
            xLast.assign(x.permute(0, 2, 3, 1));
            if (NarrowConvolution.takes(this)) { // as in a chain, so that stage by stage gives the same numbers
                return NarrowConvolution.forward(xLast, null, this, w);
            }
            INDArray yLast = ScratchArrays.get(ScratchArrays.CONVOLVED, y.size(0), y.size(2), y.size(3), y.size(1));
            convolveChannelsLast(xLast, w, yLast);
            return y.assign(yLast.permute(0, 3, 1, 2));
        }
        return convolve(x, w.get(weight()), w.get(bias()));
    }

    /**
     * The convolution on channels-last arrays: {@code xLast} {@code [N, H, W, Cin]} into {@code yLast}
     * {@code [N, H', W', Cout]}, both C-ordered float32.
     */
    void convolveChannelsLast(INDArray xLast, Weights w, INDArray yLast) {
        Nd4j.exec(new Conv2D(new INDArray[] {xLast, w.get(weight()), w.get(bias())}, new INDArray[] {yLast},
                channelsLastConfig));
    }

    /**
     * The convolution from input channel {@code channel} alone, without bias, on channels-last arrays:
     * {@code change} {@code [N, H, W, 1]} into {@code yLast} {@code [N, H', W', Cout]}, C-ordered float32.
     */
    void convolveInputChannelChannelsLast(INDArray change, int channel, Weights w, INDArray yLast) {
        INDArray wc = w.get(weight()).get(all(), interval(channel, channel + 1), all(), all()).dup();
        Nd4j.exec(new Conv2D(new INDArray[] {change, wc}, new INDArray[] {yLast}, channelsLastConfig));
    }

    /**
     * All G weight sets in one convolution with G·Cout output channels: the input is read once and the
     * kernel runs on a wide output, instead of G narrow convolutions. Output channel block g is group g;
     * it is moved to the batch dimension (one copy) to give the stacked layout.
     */
    @Override
    public INDArray forwardShared(INDArray x, List<Weights> weights) {
        int groups = weights.size();
        if (groups == 1 || channelsLast) { // the wide NHWC kernel may sum in another order than the narrow one
            return LinearLayer.super.forwardShared(x, weights);
        }
        INDArray[] ws = new INDArray[groups];
        INDArray[] bs = new INDArray[groups];
        for (int g = 0; g < groups; g++) {
            ws[g] = weights.get(g).get(weight());
            bs[g] = weights.get(g).get(bias());
        }
        INDArray y = convolve(x, Nd4j.concat(0, ws), Nd4j.concat(0, bs));
        long n = y.size(0);
        long h = y.size(2);
        long wd = y.size(3);
        return y.reshape(n, groups, out, h * wd).permute(1, 0, 2, 3).dup('c').reshape(groups * n, out, h, wd);
    }

    private INDArray convolve(INDArray x, INDArray weight, INDArray bias) {
        INDArray y = Nd4j.createUninitialized(x.dataType(), outputShape(x.shape(), weight.size(0)));
        INDArray[] inputs = bias == null ? new INDArray[] {x, weight} : new INDArray[] {x, weight, bias};
        Nd4j.exec(new Conv2D(inputs, new INDArray[] {y}, config));
        return y;
    }

    private long[] outputShape(long[] s, long channels) {
        return new long[] {s[0], channels, ceilDiv(s[2], stride), ceilDiv(s[3], stride)};
    }

    @Override
    public SDVariable define(SameDiff sd, SDVariable x, long[] inShape, Function<String, SDVariable> vars) {
        return sd.cnn().conv2d(x, vars.apply(weight()).permute(2, 3, 1, 0), vars.apply(bias()), symbolicConfig);
    }

    /**
     * Which weight a parameter coordinate is: output channel {@code out}, input channel {@code in} and the
     * tap's offset {@code (dy, dx)} from the kernel centre; {@code in} is −1 for a bias.
     */
    record Tap(int out, int in, int dy, int dx) {
        boolean isBias() {
            return in < 0;
        }
    }

    /** The tap of coordinate {@code local} of segment {@code segment}. */
    Tap tapOf(String segment, int local) {
        if (segment.equals(bias())) {
            return new Tap(local, -1, 0, 0);
        }
        if (!segment.equals(weight())) {
            throw new IllegalArgumentException(name + ": no parameter segment '" + segment + "'");
        }
        int p = (kernel - 1) / 2;
        return new Tap(local / (kernel * kernel * in), (local / (kernel * kernel)) % in,
                (local / kernel) % kernel - p, local % kernel - p);
    }

    @Override
    public ChannelDelta parameterDelta(INDArray input, String segment, int local, double delta) {
        requireStrideOne();
        long n = input.size(0);
        long h = input.size(2);
        long wd = input.size(3);
        INDArray change = Nd4j.zeros(input.dataType(), n, 1, h, wd);
        Tap tap = tapOf(segment, local);
        if (tap.isBias()) {
            return new ChannelDelta(tap.out(), change.addi(delta));
        }
        int i = tap.in();
        int dy = tap.dy();
        int dx = tap.dx();
        long y0 = Math.max(0, -dy);
        long y1 = Math.min(h, h - dy);
        long x0 = Math.max(0, -dx);
        long x1 = Math.min(wd, wd - dx);
        if (y0 < y1 && x0 < x1) { // else the tap only ever sees padding
            INDArray src = input.get(all(), interval(i, i + 1), interval(y0 + dy, y1 + dy), interval(x0 + dx, x1 + dx));
            INDArray dst = change.get(all(), all(), interval(y0, y1), interval(x0, x1));
            dst.assign(src).muli(delta);
        }
        return new ChannelDelta(tap.out(), change);
    }

    @Override
    public long inputChannelDeltaMultiplyAdds(long[] s) {
        long[] o = outputShape(s);
        return o[0] * o[1] * o[2] * o[3] * (long) kernel * kernel;
    }

    @Override
    public INDArray inputChannelDelta(INDArray dxc, int channel, Weights w) {
        requireStrideOne();
        INDArray wc = w.get(weight()).get(all(), interval(channel, channel + 1), all(), all()).dup();
        return convolve(dxc, wc, null);
    }

    private void requireStrideOne() {
        if (stride != 1) {
            throw new UnsupportedOperationException(name + ": linear-stage deltas need stride 1");
        }
    }

    /** The delta updates need stride 1. */
    @Override
    public boolean supportsDelta() {
        return stride == 1;
    }
}
