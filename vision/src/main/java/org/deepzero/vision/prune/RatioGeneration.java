package org.deepzero.vision.prune;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.deepzero.vision.data.Batch;
import org.deepzero.vision.data.ChannelStats;
import org.deepzero.vision.data.ClassBalancedSampler;
import org.deepzero.vision.data.Cifar10;
import org.deepzero.vision.data.ImageSet;
import org.deepzero.common.Seeds;
import org.deepzero.vision.train.Pruning;
import org.deepzero.zo.estimate.Difference;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.objective.CrossEntropyLoss;
import org.deepzero.zo.objective.QueryOptions;
import org.deepzero.zo.objective.StagedObjective;
import org.deepzero.zo.param.ParameterSpace;
import org.deepzero.zo.prune.LayerRatios;
import org.deepzero.zo.prune.PruningScore;
import org.deepzero.zo.prune.RandomScore;
import org.deepzero.zo.prune.ZoGrasp;
import org.deepzero.zo.query.QueryExecutor;
import org.deepzero.zo.query.QueryExecutors;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * DeepZero's generate_layer_ratio step: score the coordinates of the initial network (the θ that
 * {@code train} starts from with the same seed) by ZO-GraSP on a class-balanced mini-batch, or at
 * random, keep the globally top {@code 1 - sparsity} fraction, and report each layer's keep ratio.
 * Only the ratios are kept; training then samples random masks with exactly those per-layer sizes.
 */
public final class RatioGeneration {
    // separates the scoring generator from the data and mask streams of the same seed
    private static final long SCORE_SALT = 0x7a6f6772617370L;

    private RatioGeneration() {
    }

    /**
     * What was computed.
     *
     * @param ratios  keep ratio per layer
     * @param space   the model's coordinates
     * @param seconds wall time of the scoring
     */
    public record Result(LayerRatios ratios, ParameterSpace space, double seconds) {
        /** One line per layer: name, size, keep ratio; then the overall keep ratio. */
        public String describe() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-22s %9s %10s%n", "layer", "size", "keep"));
            Map<String, Integer> sizes = new java.util.LinkedHashMap<>();
            for (ParameterSpace.Segment seg : space.segments()) {
                sizes.merge(seg.layer(), seg.length(), Integer::sum);
            }
            for (Map.Entry<String, Double> e : ratios.asMap().entrySet()) {
                b.append(String.format(Locale.ROOT, "%-22s %9d %10.4f%n", e.getKey(), sizes.get(e.getKey()), e.getValue()));
            }
            b.append(String.format(Locale.ROOT, "overall keep %.4f of %d coordinates; scored in %.1f s",
                    ratios.overallKeepRatio(space), space.dimension(), seconds));
            return b.toString();
        }
    }

    /** Computes the ratios and writes them to {@code file} (zo-train's layer-ratio text format). */
    public static Result run(PruneConfig config, Path file, QueryExecutor executor) {
        Result r = compute(config, executor);
        r.ratios().save(file);
        return r;
    }

    /** Computes the ratios, queries on all cores. */
    public static Result compute(PruneConfig config) {
        try (QueryExecutor executor = QueryExecutors.fromSpec(QueryExecutors.DEFAULT)) {
            return compute(config, executor);
        }
    }

    /** Computes the ratios with the given executor. */
    public static Result compute(PruneConfig config, QueryExecutor executor) {
        long start = System.nanoTime();
        ImageSet train = Cifar10.train(config.data(), config.trainImages());
        ChannelStats stats = ChannelStats.of(config.trainImages() >= 50_000 ? train : Cifar10.train(config.data()));
        StagedModel model = config.model().build(DataType.FLOAT);
        double[] theta = model.initialParameters(config.seed());
        // random scores never query the objective: one image stands in for the balanced batch
        ImageSet scored = config.pruning() == Pruning.RANDOM ? train.first(1)
                : train.subset(ClassBalancedSampler.sample(train, config.perClass(), config.seed()));
        Batch balanced = Batch.of(scored, stats);
        StagedObjective objective = new StagedObjective(model, balanced.features(DataType.FLOAT),
                new CrossEntropyLoss(balanced.labels(), ImageSet.CLASSES), QueryOptions.plain());
        PruningScore score = switch (config.pruning()) {
            case ZO_GRASP -> ZoGrasp.withRge(config.queries(), config.mu());
            case ZO_GRASP_CGE -> ZoGrasp.withCge(config.mu(), Difference.FORWARD);
            case RANDOM -> new RandomScore();
        };
        double[] importance = score.importance(objective, theta, executor,
                new SplittableRandom(Seeds.mix(config.seed(), SCORE_SALT)));
        LayerRatios ratios = LayerRatios.fromScores(model.space(), importance, config.sparsity());
        return new Result(ratios, model.space(), (System.nanoTime() - start) * 1e-9);
    }
}
