package org.deepzero.zo.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.TestNets;
import org.deepzero.zo.query.LocalQueryExecutor;
import org.deepzero.zo.query.Query;
import org.deepzero.zo.query.QueryBatch;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Every fast query path returns the value of a plain full forward on the same perturbed parameters. */
class QueryPathsTest {

    /** float32 paths round differently: measured worst 1.6e-7 relative (residual stages), limit about 10x. */
    private static final double TOLERANCE = 2e-6;

    @Test
    void everyPathMatchesTheFullForwardInFloat32() {
        StagedModel m = TestNets.small(DataType.FLOAT);
        double[] theta = m.initialParameters(21);
        INDArray x = TestNets.gaussian(22, 8, 2, 8, 8);
        Loss loss = new CrossEntropyLoss(TestNets.labels(23, 8, 3), 3);
        StagedObjective plain = new StagedObjective(m, x, loss, QueryOptions.plain());

        // every coordinate once, with a step large enough to move the loss visibly, plus a zero query
        SplittableRandom r = new SplittableRandom(24);
        List<Query> queries = new ArrayList<>();
        for (int i = 0; i < m.space().dimension(); i++) {
            queries.add(new Query.Coordinate(i, (r.nextBoolean() ? 1 : -1) * 0.05));
        }
        queries.add(new Query.Coordinate(3, 0.0));
        double[] u = new double[m.space().dimension()];
        for (int i = 150; i < u.length; i++) {
            u[i] = r.nextGaussian(); // touches the later stages only
        }
        queries.add(new Query.Direction(u, 0.01));
        QueryBatch batch = new QueryBatch(theta, queries);

        double[] expected = Objective.pointByPoint(plain, batch);

        List<QueryOptions> paths = List.of(QueryOptions.reuse(), new QueryOptions(true, true, false, 1),
                QueryOptions.delta(), QueryOptions.all(4), new QueryOptions(true, false, false, 5));
        for (QueryOptions o : paths) {
            double[] got = plain.withOptions(o).values(batch);
            assertClose(expected, got, o.toString());
        }
        try (LocalQueryExecutor ex = new LocalQueryExecutor(2)) {
            assertClose(expected, ex.evaluate(plain.withOptions(QueryOptions.all(4)), batch), "all(4), 2 threads");
        }
    }

    /**
     * The loss at the base point costs nothing until the query f(θ) asks for it, then exactly once: a
     * loss may spend counted black-box queries, and a cluster member holding only coordinate queries
     * must not spend them.
     */
    @Test
    void theBaseLossIsEvaluatedOnlyWhenAskedForAndOnce() {
        StagedModel m = TestNets.small(DataType.FLOAT);
        double[] theta = m.initialParameters(31);
        INDArray x = TestNets.gaussian(32, 8, 2, 8, 8);
        CrossEntropyLoss ce = new CrossEntropyLoss(TestNets.labels(33, 8, 3), 3);
        java.util.concurrent.atomic.AtomicLong rows = new java.util.concurrent.atomic.AtomicLong();
        Loss counting = new Loss() {
            @Override
            public long samples() {
                return ce.samples();
            }

            @Override
            public double[] values(INDArray output, int groups) {
                rows.addAndGet(output.size(0));
                return ce.values(output, groups);
            }

            @Override
            public INDArray targetTensor(DataType type) {
                return ce.targetTensor(type);
            }

            @Override
            public org.nd4j.autodiff.samediff.SDVariable define(org.nd4j.autodiff.samediff.SameDiff sd,
                    org.nd4j.autodiff.samediff.SDVariable output, org.nd4j.autodiff.samediff.SDVariable target) {
                return ce.define(sd, output, target);
            }
        };
        StagedObjective o = new StagedObjective(m, x, counting, QueryOptions.reuse());
        List<Query> coordinates = List.of(new Query.Coordinate(1, 0.05), new Query.Coordinate(200, 0.05));
        o.values(new QueryBatch(theta, coordinates));
        assertEquals(2 * 8, rows.get(), "two coordinate queries of 8 samples, no base loss");
        double f0 = o.values(new QueryBatch(theta, List.of(new Query.Coordinate(0, 0.0))))[0];
        assertEquals(3 * 8, rows.get(), "the base loss once asked for");
        o.values(new QueryBatch(theta, List.of(new Query.Coordinate(0, 0.0), new Query.Coordinate(5, 0.0))));
        assertEquals(3 * 8, rows.get(), "and never again at the same base point");
        double full = o.withOptions(QueryOptions.plain()).value(theta);
        assertEquals(full, f0, TOLERANCE * Math.abs(full), "the base loss is the loss of a full forward");
    }

    /**
     * Conv blocks following conv blocks (with and without pooling, a 5x5 kernel): a coordinate query on a
     * block's convolution is carried as one channel through the block and into the next convolution's
     * channels-last output ({@code StagedModel.perturbedBlockChannel}, {@code replaceInputChannelChannelsLast}),
     * and its tail resumes inside that block ({@code forwardAfterConvolution}), alone or stacked.
     */
    @Test
    void blockToBlockDeltasMatchTheFullForward() {
        StagedModel m = org.deepzero.zo.nn.StagedModels.convNet(new long[] {2, 12, 12},
                org.deepzero.zo.nn.LayerSpec.parse("conv3x3:4,bn,relu,maxpool,conv5x5:5,bn,relu,conv3x3:3,bn,relu,maxpool,gap,dense:3"),
                DataType.FLOAT);
        double[] theta = m.initialParameters(31);
        INDArray x = TestNets.gaussian(32, 6, 2, 12, 12);
        StagedObjective plain = new StagedObjective(m, x, new CrossEntropyLoss(TestNets.labels(33, 6, 3), 3),
                QueryOptions.plain());
        SplittableRandom r = new SplittableRandom(34);
        List<Query> queries = new ArrayList<>();
        for (int i = 0; i < m.space().dimension(); i++) {
            queries.add(new Query.Coordinate(i, (r.nextBoolean() ? 1 : -1) * 0.05));
        }
        QueryBatch batch = new QueryBatch(theta, queries);
        double[] expected = Objective.pointByPoint(plain, batch);
        for (QueryOptions o : List.of(QueryOptions.delta(), QueryOptions.all(4), QueryOptions.all(3))) {
            assertClose(expected, plain.withOptions(o).values(batch), "blocks, " + o);
        }
    }

    @Test
    void residualStagesAndFlattenFallBackToRecomputation() {
        // a residual block is not linear, flatten is not channel-wise: both force the generic paths
        StagedModel m = new StagedModel(java.util.List.of(new org.deepzero.zo.nn.Conv2d("conv1", 2, 4, 3, 1),
                new org.deepzero.zo.nn.ResidualBlock("block1", 4, 4, 1), new org.deepzero.zo.nn.ResidualBlock("block2", 4, 6, 2),
                org.deepzero.zo.nn.Activation.leakyRelu("lrelu1", 0.1), new org.deepzero.zo.nn.Flatten("flatten1"),
                new org.deepzero.zo.nn.Dense("fc1", 6 * 3 * 3, 3)), new long[] {2, 6, 6}, DataType.FLOAT);
        double[] theta = m.initialParameters(25);
        INDArray x = TestNets.gaussian(26, 5, 2, 6, 6);
        StagedObjective plain = new StagedObjective(m, x, new CrossEntropyLoss(TestNets.labels(27, 5, 3), 3),
                QueryOptions.plain());
        List<Query> queries = new ArrayList<>();
        for (int i = 0; i < m.space().dimension(); i += 3) {
            queries.add(new Query.Coordinate(i, 0.05));
        }
        QueryBatch batch = new QueryBatch(theta, queries);
        double[] expected = Objective.pointByPoint(plain, batch);
        assertClose(expected, plain.withOptions(QueryOptions.all(3)).values(batch), "residual, all(3)");
        assertClose(expected, plain.withOptions(QueryOptions.reuse()).values(batch), "residual, reuse");
    }

    private static void assertClose(double[] expected, double[] got, String path) {
        assertEquals(expected.length, got.length);
        double worst = 0;
        for (int q = 0; q < expected.length; q++) {
            worst = Math.max(worst, Math.abs(got[q] - expected[q]) / Math.abs(expected[q]));
        }
        System.out.printf("query path %s: worst relative deviation %.2e%n", path, worst);
        assertTrue(worst <= TOLERANCE, path + ": worst relative deviation " + worst);
    }
}
