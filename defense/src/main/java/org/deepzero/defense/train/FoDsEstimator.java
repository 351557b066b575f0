package org.deepzero.defense.train;

import java.util.SplittableRandom;
import org.deepzero.zo.estimate.GradientEstimator;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.objective.StagedObjective;
import org.deepzero.zo.query.QueryExecutor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * FO-DS, the upper bound: the exact gradient of the stability loss through the white-box victim
 * ({@link DenoiserGraph#throughClassifier}). Not a black-box method; it exists to show what the
 * zeroth-order methods give up. One evaluation per step.
 */
public final class FoDsEstimator implements GradientEstimator {
    private final DenoiserGraph graph;

    public FoDsEstimator(DenoiserGraph graph) {
        this.graph = graph;
    }

    @Override
    public Estimate estimate(Objective objective, double[] theta, QueryExecutor executor, SplittableRandom random) {
        if (!(objective instanceof StagedObjective so) || !(so.loss() instanceof StabilityLoss loss)) {
            throw new IllegalArgumentException("FO-DS needs the stability objective of a denoiser");
        }
        DenoiserGraph.Result r = graph.lossAndGradient(theta, loss.noisy(), loss.targetTensor(DataType.FLOAT));
        return new Estimate(r.gradient(), r.loss(), 1);
    }

    @Override
    public String toString() {
        return "FO-DS[exact gradient through F]";
    }
}
