package org.deepzero.zo.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /** Tasks run on the executor's threads (at most T at once) and come back by index. */
    @Test
    void tasksComeBackInTaskOrderOnTheExecutorsThreads() {
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        TaskSet squares = new TaskSet() {
            @Override
            public int size() {
                return 9;
            }

            @Override
            public double[] run(int i) {
                threads.add(Thread.currentThread().getName());
                return new double[] {i, (double) i * i};
            }
        };
        double[][] expected = new double[9][];
        for (int i = 0; i < 9; i++) {
            expected[i] = new double[] {i, (double) i * i};
        }
        assertArrayEquals(expected, LocalQueryExecutor.serial().run(squares));
        assertEquals(java.util.Set.of(Thread.currentThread().getName()), threads, "serial: the calling thread");
        threads.clear();
        try (LocalQueryExecutor ex = new LocalQueryExecutor(3)) {
            assertArrayEquals(expected, ex.run(squares));
        }
        assertEquals(true, threads.stream().allMatch(t -> t.startsWith("zo-query-")) && threads.size() <= 3,
                threads.toString());
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

    /**
     * An objective whose values depend on the company a query keeps, as stacked float32 forwards do in
     * their last bits: each value carries the size and first query of the {@link Objective#values} call.
     */
    private static final Objective COMPANY_SENSITIVE = new Objective() {
        @Override
        public ParameterSpace space() {
            return SUM_OF_SQUARES.space();
        }

        @Override
        public double value(double[] theta) {
            return SUM_OF_SQUARES.value(theta);
        }

        @Override
        public double[] values(QueryBatch batch) {
            double[] v = Objective.super.values(batch);
            int first = ((Query.Coordinate) batch.query(0)).index();
            for (int i = 0; i < v.length; i++) {
                v[i] += 1e-6 * batch.size() + 1e-9 * first;
            }
            return v;
        }
    };

    /**
     * One chunking for every thread count: even where a value depends on the queries evaluated with it,
     * 1, 2 and 3 threads give the values of evaluating the {@link QueryChunks} one after another.
     */
    @Test
    void valuesDoNotDependOnTheThreadCount() {
        for (int n : new int[] {1, 7, 50, 200}) {
            List<Query> queries = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                queries.add(new Query.Coordinate(i % 50, 0.5 + i));
            }
            QueryBatch batch = new QueryBatch(new double[50], queries);
            double[] expected = new double[n];
            for (int c = 0; c < QueryChunks.count(n); c++) {
                double[] v = COMPANY_SENSITIVE.values(batch.slice(QueryChunks.from(n, c), QueryChunks.to(n, c)));
                System.arraycopy(v, 0, expected, QueryChunks.from(n, c), v.length);
            }
            assertArrayEquals(expected, LocalQueryExecutor.serial().evaluate(COMPANY_SENSITIVE, batch), n + " queries");
            for (int threads = 2; threads <= 3; threads++) {
                try (LocalQueryExecutor ex = new LocalQueryExecutor(threads)) {
                    assertArrayEquals(expected, ex.evaluate(COMPANY_SENSITIVE, batch), n + " queries, " + threads + " threads");
                }
            }
        }
    }

    @Test
    void chunkBoundariesDependOnTheBatchSizeAlone() {
        assertEquals(1, QueryChunks.size(1));
        assertEquals(1, QueryChunks.count(1));
        assertEquals(1, QueryChunks.size(64));
        assertEquals(64, QueryChunks.count(64));
        assertEquals(2, QueryChunks.size(65));
        assertEquals(33, QueryChunks.count(65));
        assertEquals(5, QueryChunks.size(263)); // a sol-zo step on karman-2d
        assertEquals(53, QueryChunks.count(263));
        assertEquals(263, QueryChunks.to(263, 52));
        assertEquals(423, QueryChunks.size(27_042)); // sparse CGE on ResNet-20 at 90%
        assertEquals(64, QueryChunks.count(27_042));
    }
}
