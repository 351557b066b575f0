package org.deepzero.zo.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.param.ParameterSpace;
import org.junit.jupiter.api.Test;

class LocalQueryExecutorTest {

    private static final Objective SUM_OF_SQUARES = new Objective() {
        private final ParameterSpace space = ParameterSpace.builder().add("x", "x", 0, 50).build();

        @Override
        public ParameterSpace space() {
            return space;
        }

        @Override
        public double value(double[] theta) {
            double s = 0;
            for (double t : theta) {
                s += t * t;
            }
            return s;
        }
    };

    @Test
    void resultsComeBackInQueryOrderWhateverTheChunking() {
        double[] base = new double[50];
        List<Query> queries = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            queries.add(new Query.Coordinate(i, i + 1.0));
        }
        QueryBatch batch = new QueryBatch(base, queries);
        double[] expected = new double[50];
        for (int i = 0; i < 50; i++) {
            expected[i] = (i + 1.0) * (i + 1.0);
        }
        assertArrayEquals(expected, LocalQueryExecutor.serial().evaluate(SUM_OF_SQUARES, batch));
        try (LocalQueryExecutor ex = new LocalQueryExecutor(3)) {
            assertArrayEquals(expected, ex.evaluate(SUM_OF_SQUARES, batch));
        }
        try (LocalQueryExecutor ex = new LocalQueryExecutor(2)) {
            assertArrayEquals(expected, ex.evaluate(SUM_OF_SQUARES, batch));
        }
    }

    @Test
    void failuresPropagate() {
        Objective broken = new Objective() {
            @Override
            public ParameterSpace space() {
                return SUM_OF_SQUARES.space();
            }

            @Override
            public double value(double[] theta) {
                throw new IllegalStateException("solver diverged");
            }
        };
        List<Query> queries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            queries.add(new Query.Coordinate(i, 1.0));
        }
        try (LocalQueryExecutor ex = new LocalQueryExecutor(2)) {
            assertThrows(IllegalStateException.class, () -> ex.evaluate(broken, new QueryBatch(new double[50], queries)));
        }
    }
}
