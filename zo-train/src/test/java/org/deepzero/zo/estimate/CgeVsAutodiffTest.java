package org.deepzero.zo.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.deepzero.zo.autodiff.AutodiffGradient;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.TestNets;
import org.deepzero.zo.objective.CrossEntropyLoss;
import org.deepzero.zo.objective.Loss;
import org.deepzero.zo.objective.QueryOptions;
import org.deepzero.zo.objective.StagedObjective;
import org.deepzero.zo.query.LocalQueryExecutor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Central-difference CGE against the SameDiff float64 gradient, through every query path. With
 * μ = 1e-4 in float64 the truncation error O(μ²) and the rounding error O(ε/μ) are both near 1e-9;
 * measured 2.5e-9 relative L2 on every path, so the limit 3e-8 (about 10x) catches a wrong query
 * path, which would be off by far more.
 */
class CgeVsAutodiffTest {

    @Test
    void centralCgeMatchesAutodiffOnConvDenseAndBatchNormParameters() {
        StagedModel m = TestNets.small(DataType.DOUBLE);
        double[] theta = m.initialParameters(31);
        INDArray x = TestNets.gaussian(32, 8, 2, 8, 8);
        Loss loss = new CrossEntropyLoss(TestNets.labels(33, 8, 3), 3);
        double[] truth = new AutodiffGradient(m).lossAndGradient(theta, x, loss).gradient();

        Cge cge = Cge.of(1e-4, Difference.CENTRAL);
        StagedObjective plain = new StagedObjective(m, x, loss, QueryOptions.plain());
        for (QueryOptions o : List.of(QueryOptions.plain(), QueryOptions.reuse(), QueryOptions.delta(), QueryOptions.all(8))) {
            try (LocalQueryExecutor ex = new LocalQueryExecutor(2)) {
                GradientEstimator.Estimate e = cge.estimate(plain.withOptions(o), theta, ex, new SplittableRandom(1));
                double err = TestNets.relativeError(e.gradient(), truth);
                System.out.printf("CGE central mu=1e-4 via %s: relative L2 error %.2e%n", o, err);
                assertTrue(err <= 3e-8, o + ": relative error " + err);
                assertEquals(2 * m.space().dimension() + 1, e.queries());
            }
        }
    }
}
