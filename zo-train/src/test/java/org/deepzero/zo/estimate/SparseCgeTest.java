package org.deepzero.zo.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.TestNets;
import org.deepzero.zo.objective.CrossEntropyLoss;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.objective.QueryOptions;
import org.deepzero.zo.objective.StagedObjective;
import org.deepzero.zo.param.ParameterSpace;
import org.deepzero.zo.query.LocalQueryExecutor;
import org.deepzero.zo.query.QueryBatch;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class SparseCgeTest {

    /** Counts every point the wrapped objective is asked about. */
    private static final class Counting implements Objective {
        final Objective inner;
        final AtomicInteger points = new AtomicInteger();

        Counting(Objective inner) {
            this.inner = inner;
        }

        @Override
        public ParameterSpace space() {
            return inner.space();
        }

        @Override
        public double value(double[] theta) {
            points.incrementAndGet();
            return inner.value(theta);
        }

        @Override
        public double[] values(QueryBatch batch) {
            points.addAndGet(batch.size());
            return inner.values(batch);
        }
    }

    @Test
    void spendsSelectedPlusOneQueriesAndIsZeroOffTheMask() {
        StagedModel m = TestNets.small(DataType.FLOAT);
        double[] theta = m.initialParameters(41);
        StagedObjective obj = new StagedObjective(m, TestNets.gaussian(42, 8, 2, 8, 8),
                new CrossEntropyLoss(TestNets.labels(43, 8, 3), 3), QueryOptions.all(4));
        int d = m.space().dimension();
        boolean[] mask = new boolean[d];
        SplittableRandom r = new SplittableRandom(44);
        int selected = 0;
        for (int i = 0; i < d; i++) {
            mask[i] = r.nextDouble() < 0.2;
            selected += mask[i] ? 1 : 0;
        }
        Counting counting = new Counting(obj);
        GradientEstimator.Estimate e;
        try (LocalQueryExecutor ex = new LocalQueryExecutor(2)) {
            e = SparseCge.fixed(mask).estimate(counting, theta, ex, new SplittableRandom(1));
        }
        assertEquals(selected + 1, e.queries());
        assertEquals(selected + 1, counting.points.get());
        double[] dense = Cge.deepZeroDefaults().estimate(obj, theta, LocalQueryExecutor.serial(), new SplittableRandom(1)).gradient();
        for (int i = 0; i < d; i++) {
            if (mask[i]) {
                // the same queries through the same objective: bit-identical (measured), whatever the threads
                assertEquals(dense[i], e.gradient()[i], 0.0, "coordinate " + i);
            } else {
                assertEquals(0.0, e.gradient()[i], "coordinate " + i + " is off the mask");
            }
        }
    }
}
