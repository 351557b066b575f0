package org.deepzero.zo.nn;

import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Batch normalisation {@code y = γ (x − m) / sqrt(v + ε) + β} per channel, in one of two modes.
 * <ul>
 *   <li>Train mode (the default): m and v are the mean and biased variance of the mini-batch in hand,
 *       over the batch and spatial axes. Every zeroth-order query is evaluated on the objective's fixed
 *       mini-batch and normalised with that mini-batch's own statistics for the perturbed network, so a
 *       query's value is a pure function of θ and the mini-batch; when K queries share one batched
 *       forward ({@code groups} = K) the statistics are taken per query group, never across queries.</li>
 *   <li>Eval mode ({@link #frozen}): m and v are fixed population statistics
 *       ({@link BatchNormStatistics}), so the layer is a per-channel affine map and each sample's output
 *       depends on that sample alone.</li>
 * </ul>
 * γ and β are trainable coordinates like any weight; m and v are never coordinates. Immutable (a
 * recording layer, used only by {@link BatchNormStatistics#estimate}, reports its batch statistics).
 */
public final class BatchNorm implements ChannelwiseLayer {
    /** ε added to the variance. */
    public static final double EPSILON = 1e-5;

    private final String name;
    private final int channels;
    /** Eval-mode statistics (copied once: the forward passes read them per query), or null in train mode. */
    private final double[] frozenMean;
    private final double[] frozenVariance;
    /** Receives the batch statistics of every train-mode forward, or null. */
    private final BatchNormStatistics.Recorder recorder;

    /** A train-mode layer. */
    public BatchNorm(String name, int channels) {
        this(name, channels, null, null);
    }

    private BatchNorm(String name, int channels, BatchNormStatistics.Moments frozen,
            BatchNormStatistics.Recorder recorder) {
        if (channels <= 0) {
            throw new IllegalArgumentException(name + ": channel count must be positive, got " + channels);
        }
        if (frozen != null && frozen.channels() != channels) {
            throw new IllegalArgumentException(name + ": statistics for " + frozen.channels() + " channels, the layer has "
                    + channels);
        }
        this.name = name;
        this.channels = channels;
        this.frozenMean = frozen == null ? null : frozen.mean();
        this.frozenVariance = frozen == null ? null : frozen.variance();
        this.recorder = recorder;
    }

    /** This layer in eval mode, normalising with {@code statistics}. */
    public BatchNorm frozen(BatchNormStatistics.Moments statistics) {
        return new BatchNorm(name, channels, statistics, null);
    }

    /** This layer in train mode, reporting the statistics of each forward to {@code r}. */
    BatchNorm recording(BatchNormStatistics.Recorder r) {
        return new BatchNorm(name, channels, null, r);
    }

    public int channels() {
        return channels;
    }

    /** Train mode with nothing recorded: the mode {@link ConvBlocks} runs fused. */
    boolean isPlainTrainMode() {
        return frozenMean == null && recorder == null;
    }

    /** Eval mode: normalises with fixed population statistics (the per-channel affine map {@link ConvBlocks} fuses). */
    boolean isFrozen() {
        return frozenMean != null;
    }

    /**
     * Eval mode: the float32 scale and shift of {@link #affine}, {@code {s, t}} with {@code y = x · s + t}:
     * the same double arithmetic, then rounded to float32 as ND4J's cast does (to nearest), so that a
     * float32 pass computing {@code x · s + t} gives {@link #forward}'s numbers bit for bit.
     */
    float[][] frozenScaleShift(Weights w) {
        double[][] st = scaleShift(w.get(gamma()), w.get(beta()), frozenMean, frozenVariance);
        int c = channels;
        float[] s = new float[c];
        float[] t = new float[c];
        for (int k = 0; k < c; k++) {
            s[k] = (float) st[0][k];
            t[k] = (float) st[1][k];
        }
        return new float[][] {s, t};
    }

    /** γ of this layer in {@code w}. */
    INDArray gammaOf(Weights w) {
        return w.get(gamma());
    }

    /** β of this layer in {@code w}. */
    INDArray betaOf(Weights w) {
        return w.get(beta());
    }

    @Override
    public Layer mapBatchNorms(UnaryOperator<BatchNorm> f) {
        return f.apply(this);
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
        if (frozenMean != null) {
            return affine(x, w.get(gamma()), w.get(beta()), frozenMean, frozenVariance);
        }
        return normalise(x, w.get(gamma()), w.get(beta()), groups);
    }

    @Override
    public INDArray forwardChannel(INDArray xc, int channel, Weights w, int groups) {
        INDArray g = w.get(gamma()).get(interval(channel, channel + 1));
        INDArray b = w.get(beta()).get(interval(channel, channel + 1));
        if (frozenMean != null) {
            return affine(xc, g, b, new double[] {frozenMean[channel]}, new double[] {frozenVariance[channel]});
        }
        return normalise(xc, g, b, groups);
    }

    /**
     * {@code relu(forward(x))} in one pass over the data (train mode, float32): the same numbers as this
     * layer followed by a ReLU stage, without the intermediate array. Other modes run the two steps.
     */
    INDArray forwardRelu(INDArray x, Weights w, int groups) {
        if (frozenMean == null && recorder == null && FusedBatchNorm.applies(x)) {
            return FusedBatchNorm.apply(x, w.get(gamma()), w.get(beta()), groups, EPSILON, true);
        }
        return Transforms.relu(forward(x, w, groups), false);
    }

    /** As {@link #forwardRelu} for stacked groups with their own weights (see {@link #forwardStacked}). */
    INDArray forwardStackedRelu(INDArray x, List<Weights> weights) {
        int groups = weights.size();
        if (frozenMean != null || recorder != null || !FusedBatchNorm.applies(x)) {
            return Transforms.relu(forwardStacked(x, weights), false);
        }
        INDArray[] gs = new INDArray[groups];
        INDArray[] bs = new INDArray[groups];
        for (int g = 0; g < groups; g++) {
            gs[g] = weights.get(g).get(gamma()).reshape(1, channels);
            bs[g] = weights.get(g).get(beta()).reshape(1, channels);
        }
        return FusedBatchNorm.apply(x, Nd4j.concat(0, gs), Nd4j.concat(0, bs), groups, EPSILON, true);
    }

    /** Train mode: one normalisation over the whole stack, with each group's own γ and β. */
    @Override
    public INDArray forwardStacked(INDArray x, List<Weights> weights) {
        int groups = weights.size();
        if (frozenMean != null || groups == 1) {
            return ChannelwiseLayer.super.forwardStacked(x, weights);
        }
        INDArray[] gs = new INDArray[groups];
        INDArray[] bs = new INDArray[groups];
        for (int g = 0; g < groups; g++) {
            gs[g] = weights.get(g).get(gamma()).reshape(1, channels);
            bs[g] = weights.get(g).get(beta()).reshape(1, channels);
        }
        return normalise(x, Nd4j.concat(0, gs), Nd4j.concat(0, bs), groups);
    }

    /** Eval mode: {@code (x − m) · γ / sqrt(v + ε) + β} with the fixed m, v (computed in double, then cast). */
    private static INDArray affine(INDArray x, INDArray gamma, INDArray beta, double[] mean, double[] var) {
        int c = mean.length;
        double[][] st = scaleShift(gamma, beta, mean, var);
        double[] scale = st[0];
        double[] shift = st[1];
        long[] bshape = broadcastShape(x.rank(), c);
        INDArray s = Nd4j.createFromArray(scale).castTo(x.dataType()).reshape(bshape);
        INDArray t = Nd4j.createFromArray(shift).castTo(x.dataType()).reshape(bshape);
        return x.mul(s).addi(t);
    }

    /** Eval mode's {@code {γ / sqrt(v + ε), β − m · γ / sqrt(v + ε)}} per channel, in double. */
    private static double[][] scaleShift(INDArray gamma, INDArray beta, double[] mean, double[] var) {
        int c = mean.length;
        double[] g = gamma.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] b = beta.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] scale = new double[c];
        double[] shift = new double[c];
        for (int k = 0; k < c; k++) {
            scale[k] = g[k] / Math.sqrt(var[k] + EPSILON);
            shift[k] = b[k] - mean[k] * scale[k];
        }
        return new double[][] {scale, shift};
    }

    /** {@code [1, c, 1, ...]} of the given rank. */
    private static long[] broadcastShape(int rank, int c) {
        long[] shape = new long[rank];
        java.util.Arrays.fill(shape, 1);
        shape[1] = c;
        return shape;
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
    private INDArray normalise(INDArray x, INDArray gamma, INDArray beta, int groups) {
        if (FusedBatchNorm.applies(x) && recorder == null) {
            return FusedBatchNorm.apply(x, gamma, beta, groups, EPSILON, false);
        }
        long[] shape = x.shape();
        long c = shape[1];
        long n = shape[0] / groups;
        long rest = Shapes.product(shape, 2);
        INDArray xr = (x.isView() || x.ordering() != 'c' ? x.dup('c') : x).reshape(groups, n, c, rest);
        INDArray mean = xr.mean(true, 1, 3);
        INDArray centred = xr.sub(mean);
        INDArray var = centred.mul(centred).mean(true, 1, 3);
        if (recorder != null) {
            if (groups != 1) {
                throw new IllegalStateException(name + ": statistics are recorded on plain forwards only");
            }
            recorder.add(name, mean, var, n * rest);
        }
        INDArray scale = Transforms.sqrt(var.addi(EPSILON), false).rdivi(1.0).muli(gamma.reshape(gamma.length() / c, 1, c, 1));
        return centred.muli(scale).addi(beta.reshape(beta.length() / c, 1, c, 1)).reshape(shape);
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
        if (frozenMean != null) {
            long[] lshape = broadcastShape(rank, channels);
            SDVariable m = sd.constant(Nd4j.createFromArray(frozenMean).castTo(x.dataType()).reshape(lshape));
            SDVariable v = sd.constant(Nd4j.createFromArray(frozenVariance).castTo(x.dataType()).reshape(lshape));
            SDVariable inv = sd.math().rsqrt(v.add(EPSILON));
            return x.sub(m).mul(inv).mul(vars.apply(gamma()).reshape(bshape)).add(vars.apply(beta()).reshape(bshape));
        }
        SDVariable mean = x.mean(true, axes);
        SDVariable centred = x.sub(mean);
        SDVariable var = centred.mul(centred).mean(true, axes);
        SDVariable inv = sd.math().rsqrt(var.add(EPSILON));
        return centred.mul(inv).mul(vars.apply(gamma()).reshape(bshape)).add(vars.apply(beta()).reshape(bshape));
    }
}
