package org.deepzero.zo.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.deepzero.zo.param.ParameterSpace;
import org.deepzero.zo.param.ParameterSpace.Segment;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network as a chain of stages 0..L−1 (each a {@link Layer}; a residual block is one stage). Stage l
 * owns the parameter segments whose {@link Segment#stage()} is l, so a query that perturbs only stage l
 * can start from the cached input of stage l ({@link #forwardFrom}) instead of from the network input.
 * <p>
 * The model itself holds no parameters: every forward takes θ (a flat vector in {@link #space()} order,
 * or {@link Weights} materialised from it). Immutable and thread-safe.
 */
public final class StagedModel {
    private final List<Layer> stages;
    private final long[] sampleShape;
    private final DataType dataType;
    private final ParameterSpace space;
    private final List<ParamDecl> decls;
    /** The channels-last block starting at each stage, or null ({@link ConvBlocks}). */
    private final ConvBlocks.Block[] blocks;
    /** The channels-last chain of convolutions (and activations) starting at each stage, or null ({@link ConvChains}). */
    private final List<List<ConvChains.Link>> chains;

    /**
     * @param stages      the stages in order
     * @param sampleShape shape of one input sample without the batch dimension, e.g. {@code [C, H, W]};
     *                    −1 marks a free extent (fully convolutional networks take any H, W)
     * @param dataType    FLOAT or DOUBLE: the type of every forward pass
     */
    public StagedModel(List<? extends Layer> stages, long[] sampleShape, DataType dataType) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one stage");
        }
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("data type must be FLOAT or DOUBLE, got " + dataType);
        }
        this.stages = List.copyOf(stages);
        this.sampleShape = sampleShape.clone();
        this.dataType = dataType;
        ParameterSpace.Builder b = ParameterSpace.builder();
        List<ParamDecl> all = new ArrayList<>();
        for (int l = 0; l < this.stages.size(); l++) {
            for (ParamDecl d : this.stages.get(l).params()) {
                b.add(d.name(), d.layer(), l, d.shape());
                all.add(d);
            }
        }
        this.space = b.build();
        this.decls = List.copyOf(all);
        this.blocks = new ConvBlocks.Block[this.stages.size()];
        for (int l = 0; l < blocks.length && dataType == DataType.FLOAT; l++) {
            blocks[l] = ConvBlocks.at(this.stages, l);
        }
        List<List<ConvChains.Link>> ch = new ArrayList<>();
        for (int l = 0; l < this.stages.size(); l++) {
            ch.add(dataType == DataType.FLOAT && blocks[l] == null ? ConvChains.at(this.stages, l) : null);
        }
        this.chains = java.util.Collections.unmodifiableList(ch);
    }

    /**
     * This network with channels-last float32 convolutions where batch norm follows the convolution
     * ({@link ConvBlocks}) and in runs of two or more stride-1 convolutions with only activations between
     * them ({@link ConvChains}) ({@code true}; {@link StagedModels#convNet} builds networks so), or with
     * every convolution NCHW ({@code false}: the path before, kept as the benchmarks' baseline). Both give
     * the same parameter space and the same results up to float32 rounding (bit for bit where oneDNN
     * computes NCHW with its channels-last kernel, as it does for the corrector and CIFAR shapes measured).
     */
    public StagedModel withChannelsLastConvolutions(boolean on) {
        List<Layer> mapped = new ArrayList<>(stages.size());
        for (int l = 0; l < stages.size(); l++) {
            Layer layer = stages.get(l);
            boolean normalised = l + 1 < stages.size() && stages.get(l + 1) instanceof BatchNorm;
            boolean chained = ConvChains.inChain(stages, l);
            mapped.add(layer instanceof Conv2d conv
                    ? conv.withChannelsLast(on && (normalised || chained) && conv.stride() == 1) : layer);
        }
        return new StagedModel(mapped, sampleShape, dataType);
    }

    /** The same network computing in another data type (same parameter space). */
    public StagedModel withDataType(DataType type) {
        return type == dataType ? this : new StagedModel(stages, sampleShape, type);
    }

    /**
     * This network with batch norm in eval mode: every batch-norm layer normalises with its population
     * statistics from {@code statistics} (see {@link BatchNormStatistics#estimate}). Same parameter space.
     */
    public StagedModel inEvalMode(BatchNormStatistics statistics) {
        return mapBatchNorms(bn -> bn.frozen(statistics.of(bn.name())));
    }

    /** This network with batch norm in train mode (the default). */
    public StagedModel inTrainMode() {
        return mapBatchNorms(bn -> new BatchNorm(bn.name(), bn.channels()));
    }

    /** Whether any stage contains batch norm. */
    public boolean hasBatchNorm() {
        boolean[] found = {false};
        mapBatchNorms(bn -> {
            found[0] = true;
            return bn;
        });
        return found[0];
    }

    /** The same network with every batch-norm layer replaced by {@code f} of it. */
    StagedModel mapBatchNorms(UnaryOperator<BatchNorm> f) {
        List<Layer> mapped = new ArrayList<>(stages.size());
        for (Layer l : stages) {
            mapped.add(l.mapBatchNorms(f));
        }
        return new StagedModel(mapped, sampleShape, dataType);
    }

    public ParameterSpace space() {
        return space;
    }

    public DataType dataType() {
        return dataType;
    }

    public int stageCount() {
        return stages.size();
    }

    public Layer stage(int l) {
        return stages.get(l);
    }

    public List<Layer> stages() {
        return stages;
    }

    /** Per-sample input shape; −1 marks a free extent. */
    public long[] sampleShape() {
        return sampleShape.clone();
    }

    /** He-normal weights, zero biases and shifts, unit batch-norm scales, reproducible from {@code seed}. */
    public double[] initialParameters(long seed) {
        double[] theta = new double[space.dimension()];
        SplittableRandom random = new SplittableRandom(seed);
        for (int k = 0; k < decls.size(); k++) {
            ParamDecl d = decls.get(k);
            Segment s = space.segments().get(k);
            switch (d.init()) {
                case ZEROS -> { }
                case ONES -> Arrays.fill(theta, s.offset(), s.end(), 1.0);
                case HE_NORMAL -> {
                    double std = Math.sqrt(2.0 / d.fanIn());
                    for (int i = s.offset(); i < s.end(); i++) {
                        theta[i] = std * random.nextGaussian();
                    }
                }
            }
        }
        return theta;
    }

    /** θ materialised as tensors of this model's data type. */
    public Weights weights(double[] theta) {
        return Weights.of(space, theta, dataType);
    }

    /** Network output for a batch {@code input} (batch dimension first). */
    public INDArray forward(double[] theta, INDArray input) {
        return forward(weights(theta), input, 1);
    }

    /** Network output; {@code groups} independent mini-batches stacked in the batch dimension. */
    public INDArray forward(Weights w, INDArray input, int groups) {
        return forwardFrom(0, input, w, groups);
    }

    /**
     * Output of a batch given as a flat float array in C order.
     *
     * @param shape full input shape, batch first, e.g. {@code [N, C, H, W]}
     * @return the output, flat in C order (its shape is {@link #outputShape})
     */
    public float[] forward(double[] theta, float[] input, long... shape) {
        if (Shapes.product(shape, 0) != input.length) {
            throw new IllegalArgumentException("input has " + input.length + " values, shape " + Arrays.toString(shape)
                    + " needs " + Shapes.product(shape, 0));
        }
        INDArray x = Nd4j.create(input, shape, 'c');
        return forward(theta, x).castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    /** Output of stages {@code stage..L−1} applied to {@code stageInput}, the input of stage {@code stage}. */
    public INDArray forwardFrom(int stage, INDArray stageInput, double[] theta) {
        return forwardFrom(stage, stageInput, weights(theta), 1);
    }

    /** As {@link #forwardFrom(int, INDArray, double[])}, with weights and query groups given. */
    public INDArray forwardFrom(int stage, INDArray stageInput, Weights w, int groups) {
        checkStage(stage);
        INDArray x = cast(stageInput);
        for (int l = stage; l < stages.size(); l++) {
            List<ConvBlocks.Block> run = blocks[l] != null && ConvBlocks.applies(x) ? blockRun(l) : List.of();
            if (!run.isEmpty() && ConvBlocks.exact(run, w)) {
                int r = l;
                for (ConvBlocks.Block b : run) {
                    r += b.stages();
                }
                Conv2d tail = tailAfter(r);
                x = ConvBlocks.forward(run, tail, x, w, groups);
                l = tail == null ? r - 1 : r;
            } else if (chains.get(l) != null && ConvChains.applies(x)) {
                List<ConvChains.Link> chain = chains.get(l);
                x = ConvChains.forward(chain, x, w);
                l += ConvChains.stages(chain) - 1;
            } else if (l == stage && resumesInsideBlock(l) && ConvBlocks.applies(x)) {
                // a query resuming after a block's convolution: the rest of the block channels-last
                INDArray last = ScratchArrays.get(ScratchArrays.CONVOLVED, x.size(0), x.size(2), x.size(3), x.size(1));
                return forwardAfterConvolution(l, last.assign(x.permute(0, 2, 3, 1)), w, groups);
            } else if (fusesWithNext(l)) {
                x = ((BatchNorm) stages.get(l)).forwardRelu(x, w, groups);
                l++;
            } else {
                x = stages.get(l).forward(x, w, groups);
            }
        }
        return x;
    }

    /**
     * Outputs for G = {@code weights.size()} parameter points that agree on stages before {@code stage}
     * (RGE directions from one base point), stacked in the batch dimension: stage {@code stage} runs once
     * on the shared {@code stageInput} for all points ({@link Layer#forwardShared}), the later stages on
     * the stack ({@link Layer#forwardStacked}). Group g equals {@code forwardFrom(stage, stageInput,
     * weights.get(g), 1)}.
     */
    public INDArray forwardStackedFrom(int stage, INDArray stageInput, List<Weights> weights) {
        checkStage(stage);
        INDArray x = stages.get(stage).forwardShared(cast(stageInput), weights);
        for (int l = stage + 1; l < stages.size(); l++) {
            if (fusesWithNext(l)) {
                x = ((BatchNorm) stages.get(l)).forwardStackedRelu(x, weights);
                l++;
            } else {
                x = stages.get(l).forwardStacked(x, weights);
            }
        }
        return x;
    }

    /**
     * A change confined to one channel of the input of stage {@code stage}.
     *
     * @param values the new values of channel {@code channel} there, {@code [N, 1, ...]}
     */
    public record ChannelChange(int stage, int channel, INDArray values) {
    }

    /**
     * When stage {@code stage} starts a channels-last conv → batch norm (train mode) → ReLU (→ max-pool) block and one
     * parameter of its convolution ({@code segment}[{@code local}]) moves by {@code delta}, the one channel of
     * the block's output that changes, from the block's cached input and convolution output
     * ({@link BlockChannelDelta}: two passes over one channel instead of a stage-by-stage one-channel
     * forward). The values lie in a per-thread buffer, valid until this thread's next call. Null where no
     * such block starts at {@code stage} or the arrays do not suit it; the caller then goes stage by stage.
     */
    public ChannelChange perturbedBlockChannel(int stage, INDArray blockInput, INDArray convOutput, Weights w,
            String segment, int local, double delta) {
        checkStage(stage);
        ConvBlocks.Block block = blocks[stage];
        if (block == null || block.frozen() || !BlockChannelDelta.applies(blockInput, convOutput)) {
            return null;
        }
        Conv2d.Tap tap = block.conv().tapOf(segment, local);
        INDArray values = BlockChannelDelta.apply(block, tap, (float) delta, blockInput, convOutput, w);
        return new ChannelChange(stage + block.stages(), tap.out(), values);
    }

    /**
     * Whether stage {@code stage} is the train-mode batch norm of a channels-last conv block, i.e. a query resuming
     * there with its input channels-last can go on by {@link #forwardAfterConvolution}.
     */
    public boolean resumesInsideBlock(int stage) {
        return stage > 0 && stage < stages.size() && blocks[stage - 1] != null && !blocks[stage - 1].frozen();
    }

    /**
     * As {@link #forwardFrom} from stage {@code stage}, the batch norm of a channels-last block (see
     * {@link #resumesInsideBlock}), its input given channels-last: {@code [G·N, H, W, C]}, float32, dense.
     */
    public INDArray forwardAfterConvolution(int stage, INDArray inputLast, Weights w, int groups) {
        if (!resumesInsideBlock(stage)) {
            throw new IllegalArgumentException("stage " + stage + " is not the batch norm of a channels-last block");
        }
        ConvBlocks.Block started = blocks[stage - 1];
        int r = stage - 1 + started.stages();
        List<ConvBlocks.Block> run = blockRun(r);
        for (ConvBlocks.Block b : run) {
            r += b.stages();
        }
        INDArray x = ConvBlocks.forwardAfterConvolution(started, run, inputLast, w, groups);
        return r < stages.size() ? forwardFrom(r, x, w, groups) : x;
    }

    /**
     * Writes into {@code intoLast} the channels-last output of the convolution at stage {@code stage} (a
     * block's, see {@link #resumesInsideBlock}) on {@code cachedInput} with input channel {@code channel}
     * replaced by {@code values}, given its output on {@code cachedInput} channels-last
     * ({@code cachedOutputLast}): that output plus {@link LinearLayer#inputChannelDelta} of the channel's
     * change ({@link ChannelsLastInputDelta}). Returns false, writing nothing, where the arrays do not suit
     * the channels-last update (the caller then takes the NCHW one).
     */
    public boolean replaceInputChannelChannelsLast(int stage, INDArray values, INDArray cachedInput, int channel,
            Weights w, INDArray cachedOutputLast, INDArray intoLast) {
        if (blocks[stage] == null || blocks[stage].frozen() || !ChannelsLastInputDelta.applies(values, cachedInput, cachedOutputLast, intoLast)) {
            return false;
        }
        ChannelsLastInputDelta.replace(blocks[stage].conv(), values, cachedInput, channel, w, cachedOutputLast, intoLast);
        return true;
    }

    /** The blocks one after another from stage {@code from} (empty if none starts there). */
    private List<ConvBlocks.Block> blockRun(int from) {
        List<ConvBlocks.Block> run = new ArrayList<>();
        for (int r = from; r < stages.size() && blocks[r] != null; r += blocks[r].stages()) {
            run.add(blocks[r]);
        }
        return run;
    }

    /**
     * The convolution at stage {@code r}, just after a run of blocks, if it computes channels-last from their
     * channels-last output ({@link ConvBlocks#forward(List, Conv2d, INDArray, Weights, int)}): a stride-1
     * oneDNN one, not the first of a longer chain (which runs as a whole); else null.
     */
    private Conv2d tailAfter(int r) {
        return r < stages.size() && stages.get(r) instanceof Conv2d c && c.channelsLast() && c.stride() == 1
                && !NarrowConvolution.takes(c) && (chains.get(r) == null || chains.get(r).size() == 1) ? c : null;
    }

    /** Batch norm followed by a ReLU: run as one pass when no one needs the stage between them. */
    private boolean fusesWithNext(int l) {
        return l + 1 < stages.size() && stages.get(l) instanceof BatchNorm
                && stages.get(l + 1) instanceof Activation a && a.slope() == 0;
    }

    /**
     * All stage inputs: element l is the input of stage l (element 0 the network input), element L the
     * network output. This is the feature cache a staged objective reuses.
     */
    public INDArray[] activations(Weights w, INDArray input) {
        INDArray[] a = new INDArray[stages.size() + 1];
        a[0] = cast(input);
        for (int l = 0; l < stages.size(); l++) {
            a[l + 1] = stages.get(l).forward(a[l], w, 1);
        }
        return a;
    }

    /** Shape of the input of stage {@code stage} (stageCount() gives the output) for a network input shape. */
    public long[] stageInputShape(int stage, long[] inputShape) {
        if (stage < 0 || stage > stages.size()) {
            throw new IndexOutOfBoundsException("stage " + stage + " outside [0, " + stages.size() + "]");
        }
        long[] s = inputShape.clone();
        for (int l = 0; l < stage; l++) {
            s = stages.get(l).outputShape(s);
        }
        return s;
    }

    /** Output shape for a full input shape. */
    public long[] outputShape(long[] inputShape) {
        return stageInputShape(stages.size(), inputShape);
    }

    /** Multiply-adds of stages {@code from..L−1} for a network input of shape {@code inputShape}. */
    public long multiplyAdds(int from, long[] inputShape) {
        long total = 0;
        long[] s = inputShape.clone();
        for (int l = 0; l < stages.size(); l++) {
            if (l >= from) {
                total += stages.get(l).multiplyAdds(s);
            }
            s = stages.get(l).outputShape(s);
        }
        return total;
    }

    private INDArray cast(INDArray x) {
        return x.dataType() == dataType ? x : x.castTo(dataType);
    }

    private void checkStage(int stage) {
        if (stage < 0 || stage >= stages.size()) {
            throw new IndexOutOfBoundsException("stage " + stage + " outside [0, " + stages.size() + ")");
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("StagedModel[");
        for (int l = 0; l < stages.size(); l++) {
            b.append(l == 0 ? "" : ", ").append(stages.get(l).name());
        }
        return b.append("; ").append(space.dimension()).append(" parameters, ").append(dataType).append(']').toString();
    }
}
