package org.deepzero.zo.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deepzero.zo.estimate.GradientEstimator.Estimate;
import org.deepzero.zo.estimate.Rge;
import org.deepzero.zo.nn.Activation;
import org.deepzero.zo.nn.Conv2d;
import org.deepzero.zo.nn.Dense;
import org.deepzero.zo.nn.Flatten;
import org.deepzero.zo.nn.ResidualBlock;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.TestNets;
import org.deepzero.zo.query.LocalQueryExecutor;
import org.deepzero.zo.query.Query;
import org.deepzero.zo.query.QueryBatch;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batched RGE: directions evaluated together (one wide first-stage call, the rest stacked) give the
 * losses of one forward per direction bit for bit, in float32 and float64, and the RGE estimate from the
 * same seed (the same directions) is the unbatched one. Bit-identity holds because every group runs the
 * same arithmetic in the same order: the wide convolution computes each output channel by the same
 * kernel, and batch norm sums each group and channel in its own loop. The relative-deviation bound is
 * only reported; the assertion is exact equality.
 */
class BatchedDirectionsTest {

    @Test
    void batchedDirectionsGiveTheLossesOfSeparateForwards() {
        for (DataType type : List.of(DataType.DOUBLE, DataType.FLOAT)) {
            StagedModel m = TestNets.small(type);
            check(m, TestNets.gaussian(31, 6, 2, 8, 8), 6, type + " small net");
        }
        StagedModel residual = new StagedModel(List.of(new Conv2d("conv1", 2, 4, 3, 1),
                new ResidualBlock("block1", 4, 4, 1), new ResidualBlock("block2", 4, 6, 2),
                Activation.leakyRelu("lrelu1", 0.1), new Flatten("flatten1"), new Dense("fc1", 6 * 3 * 3, 3)),
                new long[] {2, 6, 6}, DataType.FLOAT);
        check(residual, TestNets.gaussian(32, 5, 2, 6, 6), 5, "residual net");
    }

    private static void check(StagedModel m, INDArray x, int n, String what) {
        double[] theta = m.initialParameters(33);
        Loss loss = new CrossEntropyLoss(TestNets.labels(34, n, 3), 3);
        StagedObjective plain = new StagedObjective(m, x, loss, QueryOptions.plain());
        SplittableRandom r = new SplittableRandom(35);
        List<Query> queries = new ArrayList<>();
        for (int q = 0; q < 7; q++) {
            double[] u = new double[m.space().dimension()];
            // the last direction leaves the first stage alone: the group starts at stage 0 regardless
            for (int i = q == 6 ? 120 : 0; i < u.length; i++) {
                u[i] = r.nextGaussian();
            }
            queries.add(new Query.Direction(u, 0.02));
        }
        QueryBatch batch = new QueryBatch(theta, queries);
        double[] expected = Objective.pointByPoint(plain, batch);
        for (int k : new int[] {3, 7}) {
            double[] got = plain.withOptions(QueryOptions.all(4)).withDirectionBatch(k).values(batch);
            double worst = 0;
            for (int q = 0; q < expected.length; q++) {
                worst = Math.max(worst, Math.abs(got[q] - expected[q]) / Math.abs(expected[q]));
            }
            System.out.printf("batched directions, %s, %d per batch: worst relative deviation %.2e%n", what, k, worst);
            assertArrayEquals(expected, got, 0.0, what + ": the same operations in the same order, bit for bit");
        }
    }

    @Test
    void batchedRgeDrawsTheSameDirectionsAndGivesTheSameEstimate() {
        for (DataType type : List.of(DataType.DOUBLE, DataType.FLOAT)) {
            StagedModel m = TestNets.small(type);
            double[] theta = m.initialParameters(36);
            StagedObjective one = new StagedObjective(m, TestNets.gaussian(37, 6, 2, 8, 8),
                    new CrossEntropyLoss(TestNets.labels(38, 6, 3), 3), QueryOptions.all(8));
            StagedObjective batched = one.withDirectionBatch(8);
            Rge rge = new Rge(20, 5e-3, Rge.Directions.UNIT_SPHERE);
            try (LocalQueryExecutor ex = LocalQueryExecutor.serial()) {
                Estimate a = rge.estimate(one, theta, ex, new SplittableRandom(39));
                Estimate b = rge.estimate(batched, theta, ex, new SplittableRandom(39));
                assertArrayEquals(a.gradient(), b.gradient(), 0.0, type + ": the same estimate bit for bit");
                assertTrue(a.value() == b.value(), "same base loss");
                // a different seed draws other directions: the comparison above can fail
                Estimate c = rge.estimate(batched, theta, ex, new SplittableRandom(40));
                assertTrue(!java.util.Arrays.equals(a.gradient(), c.gradient()), "another seed, another estimate");
            }
        }
    }
}
