package org.deepzero.vision.train;

import java.nio.file.Path;
import org.deepzero.vision.prune.PruneConfig;
import org.deepzero.vision.prune.RatioGeneration;
import org.deepzero.zo.autodiff.AutodiffEstimator;
import org.deepzero.zo.autodiff.AutodiffGradient;
import org.deepzero.zo.estimate.Cge;
import org.deepzero.zo.estimate.Difference;
import org.deepzero.zo.estimate.GradientEstimator;
import org.deepzero.zo.estimate.Rge;
import org.deepzero.zo.estimate.SparseCge;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.prune.LayerRatios;
import org.deepzero.zo.prune.MaskSampler;
import org.deepzero.zo.query.LocalQueryExecutor;
import org.deepzero.zo.query.QueryExecutor;
import org.deepzero.zo.query.QueryExecutors;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Builds the gradient method a {@link TrainConfig} asks for: FO autodiff, dense CGE, sparse CGE with
 * per-layer ratios (from a file or computed now by ZO-GraSP/random scores) and periodically redrawn
 * masks, or RGE on the unit sphere (DeepZero's normalisation φ(d) = d) with q = d unless given.
 */
final class Estimators {
    private Estimators() {
    }

    /** The estimator and, for sparse CGE, the mask schedule the objective provider must advance. */
    record Choice(GradientEstimator estimator, MaskSchedule masks, LayerRatios ratios) {
    }

    /** Where queries run: the configured executor (FO runs on the caller's thread). */
    static QueryExecutor executor(TrainConfig config) {
        return config.method() == Method.FO ? LocalQueryExecutor.serial() : QueryExecutors.fromSpec(config.executor());
    }

    /**
     * @param ratiosFile layer ratios to read for sparse CGE; null to compute them from the configuration
     */
    static Choice create(TrainConfig config, StagedModel model, int stepsPerEpoch, QueryExecutor executor,
                         Path ratiosFile) {
        int d = model.space().dimension();
        switch (config.method()) {
            case FO:
                return new Choice(new AutodiffEstimator(new AutodiffGradient(model, model.dataType())), null, null);
            case RGE:
                return new Choice(new Rge(config.queries() == 0 ? d : config.queries(), config.mu(),
                        Rge.Directions.UNIT_SPHERE), null, null);
            case CGE:
                if (config.sparsity() == 0) {
                    return new Choice(Cge.of(config.mu(), Difference.FORWARD), null, null);
                }
                LayerRatios ratios = ratiosFile != null ? LayerRatios.load(ratiosFile, model.space())
                        : RatioGeneration.compute(new PruneConfig(config.data(), config.model(), config.sparsity(),
                                config.pruning(), config.graspPerClass(), config.graspQueries(), config.mu(),
                                config.seed(), config.trainImages()), executor).ratios();
                ratios.requireLayersOf(model.space());
                MaskSchedule masks = new MaskSchedule(new MaskSampler(model.space(), ratios, config.seed(),
                        Math.multiplyExact(config.maskEveryEpochs(), stepsPerEpoch)));
                return new Choice(new SparseCge(masks, config.mu()), masks, ratios);
            default:
                throw new IllegalStateException("unknown method " + config.method());
        }
    }
}
