package org.deepzero.zo.nn;

import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.List;
import java.util.function.Function;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Batch normalisation in training mode: {@code y = γ (x − μ_B) / sqrt(σ²_B + ε) + β}, with μ_B and the
 * biased variance σ²_B taken per channel over the batch and spatial axes of the mini-batch in hand.
 * <p>
 * Behaviour under zeroth-order queries: every query (every perturbed θ) is evaluated on the objective's
 * fixed mini-batch and normalised with that mini-batch's own statistics, computed afresh for the
 * perturbed network; no running statistics are kept or updated by queries, so a query's value is a pure
 * function of θ and the mini-batch. When K queries share one batched forward ({@code groups} = K), the
 * statistics are taken per query group, never across queries. γ and β are trainable coordinates like
 * any weight. (An eval mode with frozen running statistics is not provided.)
 */
public final class BatchNorm implements ChannelwiseLayer {
    /** ε added to the variance. */
    public static final double EPSILON = 1e-5;

    private final String name;
    private final int channels;

    public BatchNorm(String name, int channels) {
        if (channels <= 0) {
            throw new IllegalArgumentException(name + ": channel count must be positive, got " + channels);
        }
        this.name = name;
        this.channels = channels;
    }

    @Override
    public String name() {
        return name;
    }

    private String gamma() {
        return name + ".gamma";
    }

    private String beta() {
        return name + ".beta";
    }

    @Override
    public List<ParamDecl> params() {
        return List.of(new ParamDecl(gamma(), name, new int[] {channels}, ParamDecl.Init.ONES, channels),
                new ParamDecl(beta(), name, new int[] {channels}, ParamDecl.Init.ZEROS, channels));
    }

    @Override
    public long[] outputShape(long[] in) {
        Shapes.requireChannels(name, in, channels);
        return in.clone();
    }

    @Override
    public INDArray forward(INDArray x, Weights w, int groups) {
        return normalise(x, w.get(gamma()), w.get(beta()), groups);
    }

    @Override
    public INDArray forwardChannel(INDArray xc, int channel, Weights w, int groups) {
        return normalise(xc, w.get(gamma()).get(interval(channel, channel + 1)),
                w.get(beta()).get(interval(channel, channel + 1)), groups);
    }

    @Override
    public int channelOf(String segment, int local) {
        if (!segment.equals(gamma()) && !segment.equals(beta())) {
            ChannelwiseLayer.super.channelOf(segment, local);
        }
        return local;
    }

    /**
     * Normalises {@code x} of shape [G·N, C, ...] with statistics per group g and channel c. The variance
     * is the mean of squared deviations (two passes): ND4J's variance op is slower and less accurate in
     * float32 here.
     */
    private static INDArray normalise(INDArray x, INDArray gamma, INDArray beta, int groups) {
        long[] shape = x.shape();
        long c = shape[1];
        long n = shape[0] / groups;
        long rest = Shapes.product(shape, 2);
        INDArray xr = (x.isView() || x.ordering() != 'c' ? x.dup('c') : x).reshape(groups, n, c, rest);
        INDArray mean = xr.mean(true, 1, 3);
        INDArray centred = xr.sub(mean);
        INDArray var = centred.mul(centred).mean(true, 1, 3);
        INDArray scale = Transforms.sqrt(var.addi(EPSILON), false).rdivi(1.0).muli(gamma.reshape(1, 1, c, 1));
        return centred.muli(scale).addi(beta.reshape(1, 1, c, 1)).reshape(shape);
    }

    @Override
    public SDVariable define(SameDiff sd, SDVariable x, long[] inShape, Function<String, SDVariable> vars) {
        int rank = inShape.length;
        int[] axes = new int[rank - 1];
        int[] bshape = new int[rank];
        axes[0] = 0;
        for (int i = 2; i < rank; i++) {
            axes[i - 1] = i;
        }
        java.util.Arrays.fill(bshape, 1);
        bshape[1] = channels;
        SDVariable mean = x.mean(true, axes);
        SDVariable centred = x.sub(mean);
        SDVariable var = centred.mul(centred).mean(true, axes);
        SDVariable inv = sd.math().rsqrt(var.add(EPSILON));
        return centred.mul(inv).mul(vars.apply(gamma()).reshape(bshape)).add(vars.apply(beta()).reshape(bshape));
    }
}
