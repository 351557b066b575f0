package org.deepzero.zo.nn;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.List;
import java.util.function.Function;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Fully connected layer {@code y = x W + b}, x {@code [N, in]}, weight {@code [in, out]}, bias {@code [out]}. */
public final class Dense implements LinearLayer {
    private final String name;
    private final int in;
    private final int out;

    public Dense(String name, int in, int out) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException(name + ": feature counts must be positive, got " + in + " -> " + out);
        }
        this.name = name;
        this.in = in;
        this.out = out;
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
        return List.of(new ParamDecl(weight(), name, new int[] {in, out}, ParamDecl.Init.HE_NORMAL, in),
                new ParamDecl(bias(), name, new int[] {out}, ParamDecl.Init.ZEROS, in));
    }

    @Override
    public long[] outputShape(long[] s) {
        Shapes.requireRank(name, s, 2);
        Shapes.requireChannels(name, s, in);
        return new long[] {s[0], out};
    }

    @Override
    public long multiplyAdds(long[] s) {
        return s[0] * in * (long) out;
    }

    @Override
    public INDArray forward(INDArray x, Weights w, int groups) {
        return x.mmul(w.get(weight())).addiRowVector(w.get(bias()));
    }

    @Override
    public SDVariable define(SameDiff sd, SDVariable x, long[] inShape, Function<String, SDVariable> vars) {
        return x.mmul(vars.apply(weight())).add(vars.apply(bias()));
    }

    @Override
    public ChannelDelta parameterDelta(INDArray input, String segment, int local, double delta) {
        if (segment.equals(bias())) {
            return new ChannelDelta(local, Nd4j.valueArrayOf(new long[] {input.size(0), 1}, delta, input.dataType()));
        }
        if (!segment.equals(weight())) {
            throw new IllegalArgumentException(name + ": no parameter segment '" + segment + "'");
        }
        int i = local / out;
        return new ChannelDelta(local % out, input.get(all(), interval(i, i + 1)).mul(delta));
    }

    @Override
    public long inputChannelDeltaMultiplyAdds(long[] s) {
        return s[0] * out;
    }

    @Override
    public INDArray inputChannelDelta(INDArray dxc, int channel, Weights w) {
        INDArray row = w.get(weight()).get(interval(channel, channel + 1), all());
        return dxc.reshape(dxc.size(0), 1).mmul(row);
    }
}
