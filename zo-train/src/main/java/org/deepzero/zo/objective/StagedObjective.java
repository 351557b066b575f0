package org.deepzero.zo.objective;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.deepzero.zo.nn.ChannelwiseLayer;
import org.deepzero.zo.nn.Layer;
import org.deepzero.zo.nn.LinearLayer;
import org.deepzero.zo.nn.LinearLayer.ChannelDelta;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.Weights;
import org.deepzero.zo.param.ParameterSpace;
import org.deepzero.zo.param.ParameterSpace.Segment;
import org.deepzero.zo.query.Query;
import org.deepzero.zo.query.QueryBatch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;

/**
 * The loss of a {@link StagedModel} on one fixed mini-batch, as an {@link Objective} that exploits the
 * stage structure when evaluating a {@link QueryBatch} (see {@link QueryOptions}):
 * <ol>
 *   <li>feature reuse: the inputs of all stages at the base point are computed once per base point and
 *       cached; a coordinate query on stage l recomputes stage l with the perturbed weight and then the
 *       stages after it;</li>
 *   <li>linear-stage delta: for a conv/dense stage the perturbed output is the cached output plus a
 *       one-channel term (a batch-norm γ or β likewise changes one channel, recomputed alone); with
 *       channel propagation the following channel-wise stages process that one channel and the next
 *       linear stage adds a one-input-channel term to its cached output;</li>
 *   <li>batching: the stages after that point use the base weights for every coordinate query, so up to
 *       {@code batchSize} queries resuming at the same stage are stacked in the batch dimension and run
 *       through the tail in one forward (batch norm takes statistics per query).</li>
 * </ol>
 * Direction queries (RGE) change every stage and are evaluated from the first stage they touch; with a
 * direction batch above 1, up to that many of them run through the network together, each with its
 * own weights (one wide convolution on the shared input of the first stage, then the queries stacked in
 * the batch dimension), when enabled by {@link #withDirectionBatch}.
 * Thread-safe: concurrent calls share one feature cache per base point.
 */
public final class StagedObjective implements Objective {
    private final StagedModel model;
    private final INDArray input;
    private final Loss loss;
    private final QueryOptions options;
    private final int directionBatch;
    private final long[][] stageShapes;
    private final long[] tailMultiplyAdds;
    private final Object cacheLock = new Object();
    private volatile FeatureCache cache;
    private final LongAdder multiplyAdds = new LongAdder();

    /**
     * @param model   the network
     * @param input   the fixed mini-batch, batch first (cast to the model's data type)
     * @param loss    the loss bound to this mini-batch's targets
     * @param options which speed-ups to use
     */
    public StagedObjective(StagedModel model, INDArray input, Loss loss, QueryOptions options) {
        this(model, input, loss, options, 1);
    }

    private StagedObjective(StagedModel model, INDArray input, Loss loss, QueryOptions options, int directionBatch) {
        if (directionBatch < 1) {
            throw new IllegalArgumentException("direction batch must be positive, got " + directionBatch);
        }
        this.directionBatch = directionBatch;
        if (input.size(0) != loss.samples()) {
            throw new IllegalArgumentException("mini-batch of " + input.size(0) + " samples but targets for "
                    + loss.samples());
        }
        this.model = model;
        this.input = input.dataType() == model.dataType() ? input : input.castTo(model.dataType());
        this.loss = loss;
        this.options = options;
        int stages = model.stageCount();
        this.stageShapes = new long[stages + 1][];
        this.tailMultiplyAdds = new long[stages + 1];
        for (int l = 0; l <= stages; l++) {
            stageShapes[l] = model.stageInputShape(l, input.shape());
        }
        for (int l = stages - 1; l >= 0; l--) {
            tailMultiplyAdds[l] = tailMultiplyAdds[l + 1] + model.stage(l).multiplyAdds(stageShapes[l]);
        }
    }

    /** The same model and mini-batch with other speed-up options (a fresh cache). */
    public StagedObjective withOptions(QueryOptions other) {
        return new StagedObjective(model, input, loss, other, directionBatch);
    }

    /**
     * The same objective evaluating up to {@code k} direction queries of a batch together (batched RGE,
     * see {@link StagedModel#forwardStackedFrom}); needs feature reuse. The values are those of one
     * forward per direction, bit for bit. Default 1: on the 2-core development machine (batch 128,
     * CIFAR CNNs) stacking 8 directions made a direction query about 2x slower (the stacked activations
     * no longer fit in cache and the forward is memory-bound; see bench RgeBatchSpeedup).
     */
    public StagedObjective withDirectionBatch(int k) {
        return new StagedObjective(model, input, loss, options, k);
    }

    /** The same model and options on another mini-batch. */
    public StagedObjective withBatch(INDArray otherInput, Loss otherLoss) {
        return new StagedObjective(model, otherInput, otherLoss, options, directionBatch);
    }

    public StagedModel model() {
        return model;
    }

    public INDArray input() {
        return input;
    }

    public Loss loss() {
        return loss;
    }

    public QueryOptions options() {
        return options;
    }

    @Override
    public ParameterSpace space() {
        return model.space();
    }

    /** Multiply-adds executed so far by this objective (conv and dense work, counted per query). */
    public long multiplyAddsExecuted() {
        return multiplyAdds.sum();
    }

    /** Multiply-adds of one full forward on the mini-batch. */
    public long fullForwardMultiplyAdds() {
        return tailMultiplyAdds[0];
    }

    /** The network output at {@code theta} on the mini-batch. */
    public INDArray output(double[] theta) {
        multiplyAdds.add(tailMultiplyAdds[0]);
        return model.forward(theta, input);
    }

    /** Loss by one full forward pass, no caching. */
    @Override
    public double value(double[] theta) {
        return inWorkspace(() -> new double[] {loss.value(output(theta))})[0];
    }

    @Override
    public double[] values(QueryBatch batch) {
        if (!options.featureReuse()) {
            return Objective.super.values(batch);
        }
        FeatureCache c = cacheAt(batch.base());
        double[] out = new double[batch.size()];
        Map<Integer, List<Pending>> buckets = new TreeMap<>();
        List<Integer> directions = new ArrayList<>();
        for (int q = 0; q < batch.size(); q++) {
            Query query = batch.query(q);
            if (query instanceof Query.Coordinate coord) {
                if (coord.delta() == 0.0) {
                    out[q] = c.value();
                    continue;
                }
                Pending p = resume(c, batch.base(), coord, q, buckets);
                if (p.stage == model.stageCount()) {
                    out[q] = loss.value(p.stageInput);
                    continue;
                }
                List<Pending> bucket = buckets.computeIfAbsent(p.stage, k -> new ArrayList<>());
                bucket.add(p);
                if (bucket.size() == options.batchSize()) {
                    finish(c, p.stage, bucket, out);
                    bucket.clear();
                }
            } else if (directionBatch == 1) {
                out[q] = direction(c, batch.base(), (Query.Direction) query);
            } else {
                directions.add(q);
                if (directions.size() == directionBatch) {
                    directions(c, batch, directions, out);
                    directions.clear();
                }
            }
        }
        if (!directions.isEmpty()) {
            directions(c, batch, directions, out);
        }
        for (Map.Entry<Integer, List<Pending>> e : buckets.entrySet()) {
            if (!e.getValue().isEmpty()) {
                finish(c, e.getKey(), e.getValue(), out);
            }
        }
        return out;
    }

    /**
     * A query whose stages before {@code stage} are done: {@code stageInput} is the input of {@code stage},
     * NCHW or, when {@code channelsLast}, {@code [N, H, W, C]} (a block's convolution output, see
     * {@link StagedModel#resumesInsideBlock}); {@code stacked} when it lies in its bucket's slot of
     * {@link PendingInputs}.
     */
    private record Pending(int query, int stage, INDArray stageInput, boolean stacked, boolean channelsLast) {
        Pending(int query, int stage, INDArray stageInput) {
            this(query, stage, stageInput, false, false);
        }

        /** The input NCHW. */
        INDArray nchw() {
            return channelsLast ? stageInput.permute(0, 3, 1, 2) : stageInput;
        }
    }

    /**
     * Where a query reaching stage {@code stage} writes its input of that stage ({@code shape}, batch
     * first): the next slot of the stage's bucket in {@link PendingInputs}, or null where those (float32)
     * stacks do not apply.
     */
    private INDArray slotFor(int stage, Map<Integer, List<Pending>> buckets, long[] shape) {
        if (model.dataType() != DataType.FLOAT) {
            return null;
        }
        List<Pending> bucket = buckets.get(stage);
        int j = bucket == null ? 0 : bucket.size();
        return PendingInputs.slot(stage, j, options.batchSize(), shape);
    }

    /** {@code [N, C, H, W]} as {@code [N, H, W, C]}. */
    private static long[] channelsLast(long[] s) {
        return new long[] {s[0], s[2], s[3], s[1]};
    }

    private FeatureCache cacheAt(double[] base) {
        FeatureCache c = cache;
        if (c != null && c.isAt(base)) {
            return c;
        }
        synchronized (cacheLock) {
            c = cache;
            if (c == null || !c.isAt(base)) {
                multiplyAdds.add(tailMultiplyAdds[0]);
                c = FeatureCache.build(model, base, input, loss);
                cache = c;
            }
            return c;
        }
    }

    /** θ_i + δ as the model's data type stores it, so every path perturbs by exactly the same amount. */
    private double stored(double v) {
        return model.dataType() == DataType.FLOAT ? (float) v : v;
    }

    private Pending resume(FeatureCache c, double[] base, Query.Coordinate coord, int q,
            Map<Integer, List<Pending>> buckets) {
        int i = coord.index();
        Segment seg = model.space().segmentOf(i);
        int l = seg.stage();
        Layer layer = model.stage(l);
        double perturbed = stored(base[i] + coord.delta());
        if (options.linearDelta() && layer instanceof LinearLayer lin && lin.supportsDelta()) {
            double delta = perturbed - stored(base[i]);
            int local = i - seg.offset();
            if (options.channelPropagation()) {
                // a whole conv block at once where the model has one (the same numbers, two passes)
                StagedModel.ChannelChange block = model.perturbedBlockChannel(l, c.stageInput(l), c.stageInput(l + 1),
                        c.weights(), seg.name(), local, delta);
                if (block != null) {
                    return propagate(c, q, block.stage(), block.channel(), block.values(), buckets);
                }
            }
            ChannelDelta cd = lin.parameterDelta(c.stageInput(l), seg.name(), local, delta);
            return propagate(c, q, l + 1, cd.channel(), channel(c.stageInput(l + 1), cd.channel()).add(cd.values()),
                    buckets);
        }
        Weights w = c.weights().withCoordinate(i, perturbed);
        if (options.linearDelta() && layer instanceof ChannelwiseLayer cw) {
            // a per-channel parameter (batch-norm γ, β) changes one output channel: recompute that one
            int o = cw.channelOf(seg.name(), i - seg.offset());
            return propagate(c, q, l + 1, o, cw.forwardChannel(channel(c.stageInput(l), o), o, w, 1), buckets);
        }
        multiplyAdds.add(layer.multiplyAdds(stageShapes[l]));
        return new Pending(q, l + 1, layer.forward(c.stageInput(l), w, 1));
    }

    /**
     * Carries a change confined to channel {@code o} of the input of stage {@code r} ({@code values}: the
     * new values of that channel) as far as it stays cheap, then materialises the full stage input.
     */
    private Pending propagate(FeatureCache c, int q, int r, int o, INDArray values, Map<Integer, List<Pending>> buckets) {
        int stages = model.stageCount();
        if (options.channelPropagation()) {
            while (r < stages && model.stage(r) instanceof ChannelwiseLayer cw) {
                values = cw.forwardChannel(values, o, c.weights(), 1);
                r++;
            }
            if (r < stages && model.stage(r) instanceof LinearLayer lin && lin.supportsDelta()) {
                multiplyAdds.add(lin.inputChannelDeltaMultiplyAdds(stageShapes[r]));
                if (model.resumesInsideBlock(r + 1)) {
                    // a block goes on after this convolution: its output stays channels-last, the block's layout
                    INDArray last = slotFor(r + 1, buckets, channelsLast(stageShapes[r + 1]));
                    if (last != null && model.replaceInputChannelChannelsLast(r, values, c.stageInput(r), o, c.weights(),
                            c.channelsLast(r + 1), last)) {
                        return new Pending(q, r + 1, last, true, true);
                    }
                }
                INDArray change = values.sub(channel(c.stageInput(r), o));
                INDArray delta = lin.inputChannelDelta(change, o, c.weights());
                INDArray slot = slotFor(r + 1, buckets, stageShapes[r + 1]);
                INDArray next = slot != null ? slot.assign(c.stageInput(r + 1)).addi(delta) : c.stageInput(r + 1).add(delta);
                return new Pending(q, r + 1, next, slot != null, false);
            }
        }
        INDArray slot = slotFor(r, buckets, stageShapes[r]);
        INDArray full = slot != null ? slot.assign(c.stageInput(r)) : c.stageInput(r).dup();
        channel(full, o).assign(values);
        return new Pending(q, r, full, slot != null, false);
    }

    /** View of channel {@code o} (axis 1) of {@code a}, keeping the axis: {@code [N, 1, ...]}. */
    private static INDArray channel(INDArray a, int o) {
        INDArrayIndex[] idx = new INDArrayIndex[a.rank()];
        for (int k = 0; k < idx.length; k++) {
            idx[k] = k == 1 ? interval(o, o + 1) : all();
        }
        return a.get(idx);
    }

    /** Runs the shared tail of the network from {@code stage} for the pending queries, stacked. */
    private void finish(FeatureCache c, int stage, List<Pending> pending, double[] out) {
        int k = pending.size();
        multiplyAdds.add(k * tailMultiplyAdds[stage]);
        double[] v = inWorkspace(() -> {
            if (pending.stream().allMatch(Pending::channelsLast)) {
                INDArray x = k == 1 ? pending.get(0).stageInput
                        : PendingInputs.stack(stage, k, channelsLast(stageShapes[stage])); // slots 0..k−1 in order
                return loss.values(model.forwardAfterConvolution(stage, x, c.weights(), k), k);
            }
            INDArray x;
            if (k == 1) {
                x = pending.get(0).nchw();
            } else if (pending.stream().allMatch(p -> p.stacked() && !p.channelsLast())) {
                x = PendingInputs.stack(stage, k, stageShapes[stage]); // slots 0..k−1, in bucket order
            } else {
                INDArray[] parts = new INDArray[k];
                for (int j = 0; j < k; j++) {
                    parts[j] = pending.get(j).nchw();
                }
                x = Nd4j.concat(0, parts);
            }
            return loss.values(model.forwardFrom(stage, x, c.weights(), k), k);
        });
        for (int j = 0; j < k; j++) {
            out[pending.get(j).query] = v[j];
        }
    }

    /**
     * Dense perturbations evaluated together (batched RGE): every stage runs once for all of them, the
     * first stage they touch as one layer call on its shared cached input ({@link Layer#forwardShared}),
     * the later ones on the queries stacked in the batch dimension ({@link Layer#forwardStacked}), each
     * query with its own weights.
     */
    private void directions(FeatureCache c, QueryBatch batch, List<Integer> queries, double[] out) {
        int k = queries.size();
        List<Weights> ws = new ArrayList<>(k);
        int first = model.stageCount();
        for (int q : queries) {
            Query.Direction d = (Query.Direction) batch.query(q);
            double[] point = batch.base().clone();
            d.applyTo(point);
            ws.add(model.weights(point));
            first = Math.min(first, firstStage(d));
        }
        if (first == model.stageCount()) {
            for (int q : queries) {
                out[q] = c.value();
            }
            return;
        }
        multiplyAdds.add(k * tailMultiplyAdds[first]);
        int from = first;
        double[] v = inWorkspace(() -> loss.values(model.forwardStackedFrom(from, c.stageInput(from), ws), k));
        for (int j = 0; j < k; j++) {
            out[queries.get(j)] = v[j];
        }
    }

    /** The first stage whose parameters a direction query changes (the stage count if none). */
    private int firstStage(Query.Direction d) {
        int first = model.stageCount();
        double[] u = d.direction();
        for (Segment s : model.space().segments()) {
            if (s.stage() >= first) {
                continue;
            }
            for (int i = s.offset(); i < s.end(); i++) {
                if (u[i] != 0.0 && d.scale() != 0.0) {
                    first = s.stage();
                    break;
                }
            }
        }
        return first;
    }

    /** A dense perturbation: recompute from the first stage it touches. */
    private double direction(FeatureCache c, double[] base, Query.Direction d) {
        double[] point = base.clone();
        d.applyTo(point);
        int first = firstStage(d);
        if (first == model.stageCount()) {
            return c.value();
        }
        multiplyAdds.add(tailMultiplyAdds[first]);
        int from = first;
        return inWorkspace(() -> new double[] {
            loss.value(model.forwardFrom(from, c.stageInput(from), model.weights(point), 1))})[0];
    }

    /** Reused memory for the arrays of one forward (per thread; nothing in it outlives the call). */
    private static final WorkspaceConfiguration FORWARD_WORKSPACE = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.STRICT).policyLearning(LearningPolicy.FIRST_LOOP).build();

    /**
     * Runs {@code f} with its ND4J arrays in a per-thread workspace: a forward allocates tens of MB of
     * activations, and fresh native memory for each costs page faults (measured: a quarter of a forward's
     * time at batch 256, and half of a batch-norm stage on 8 stacked queries); the workspace hands the
     * same memory back to every forward. Used by full forwards ({@link #value}), the shared tails of
     * coordinate queries and direction forwards; nothing computed in it may escape but the losses.
     */
    private static double[] inWorkspace(Supplier<double[]> f) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(FORWARD_WORKSPACE,
                "deepzero-forward")) {
            return f.get();
        }
    }
}
