package org.deepzero.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.StagedModels;
import org.deepzero.zo.objective.CrossEntropyLoss;
import org.deepzero.zo.objective.QueryOptions;
import org.deepzero.zo.objective.StagedObjective;
import org.deepzero.zo.query.LocalQueryExecutor;
import org.deepzero.zo.query.Query;
import org.deepzero.zo.query.QueryBatch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * CGE query throughput on the DeepZero CIFAR-10 CNN (depth 3, width 18, batch 256), coordinate queries
 * θ + μ e_i (μ = 5e-3) on a fixed seeded sample of coordinates drawn uniformly over all parameters, for
 * <ol>
 *   <li>{@code full}: one full forward per query;</li>
 *   <li>{@code reuse}: + feature reuse (start at the perturbed stage from the cached stage input);</li>
 *   <li>{@code delta}: + linear-stage delta and one-channel propagation;</li>
 *   <li>{@code batched}: + K queries stacked in the batch dimension of the shared tail;</li>
 *   <li>{@code batched-mt}: + queries spread over all cores by {@link LocalQueryExecutor}.</li>
 * </ol>
 * Counters: {@code queries} (queries/s), {@code gflop} (GFLOP/s executed: conv and dense work actually
 * done), {@code effgflop} (GFLOP/s a full forward per query would need for the same query rate).
 * {@code gemm} measures ND4J's own float GEMM (512³) in the same run for comparison.
 * <p>
 * The feature cache (one full forward at the base point) is built in setup: a CGE step spends it once
 * for all d ≈ 6.7k coordinates, so it is negligible per query.
 * <p>
 * Measured 2026-11-28 on the 2-core development machine, shared (load average about 9), batch 256,
 * K = 8, 96 sampled coordinates, 1 warm-up x 2 s, 2 x 5 s: full 6.8 queries/s (5.0 GFLOP/s executed),
 * reuse 25.8 (3.8x), delta 54.3 (8.0x), batched 63.3 (9.3x), batched-mt 54.0 (7.9x; no free core);
 * ND4J GEMM 512³ 98.7 GFLOP/s. At batch 32 batching gains 1.33x over delta (197 vs 148 queries/s): it
 * removes per-op overhead, which at batch 256 is already small next to the memory-bound work.
 * <p>
 * Run with one OpenMP thread per JVM thread (forks inherit the environment):
 * {@code OMP_NUM_THREADS=1 java -jar bench/target/benchmarks.jar CgeQueryBenchmark}, or for the summary
 * table {@code OMP_NUM_THREADS=1 java -cp bench/target/benchmarks.jar org.deepzero.bench.CgeQueryBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=10g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class CgeQueryBenchmark {

    static final int DEPTH = 3;
    static final int WIDTH = 18;
    static final int DEFAULT_BATCH = 256;
    static final double MU = 5e-3;

    /** The CGE objective and a batch of coordinate queries around one base point. */
    @State(Scope.Benchmark)
    public static class Queries {
        @Param({"full", "reuse", "delta", "batched", "batched-mt"})
        public String path;

        /** Queries stacked per batched forward. */
        @Param({"8"})
        public int k;

        /** Mini-batch size (images per query). */
        @Param({"256"})
        public int batch;

        /** Coordinates sampled (queries per invocation). */
        @Param({"96"})
        public int sample;

        StagedObjective objective;
        QueryBatch queries;
        LocalQueryExecutor executor;
        double fullForwardGflop;

        @Setup(Level.Trial)
        public void setUp() {
            StagedModel model = StagedModels.cifarCnn(DEPTH, WIDTH, 10);
            double[] theta = model.initialParameters(1);
            SplittableRandom r = new SplittableRandom(2);
            float[] x = new float[batch * 3 * 32 * 32];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            INDArray input = Nd4j.create(x, new long[] {batch, 3, 32, 32}, 'c');
            int[] labels = new int[batch];
            for (int i = 0; i < batch; i++) {
                labels[i] = r.nextInt(10);
            }
            QueryOptions options = switch (path) {
                case "full" -> QueryOptions.plain();
                case "reuse" -> QueryOptions.reuse();
                case "delta" -> QueryOptions.delta();
                case "batched", "batched-mt" -> QueryOptions.all(k);
                default -> throw new IllegalArgumentException("unknown path " + path);
            };
            objective = new StagedObjective(model, input, new CrossEntropyLoss(labels, 10), options);
            queries = new QueryBatch(theta, sampleQueries(model.space().dimension(), sample, new SplittableRandom(3)));
            int threads = path.equals("batched-mt") ? Runtime.getRuntime().availableProcessors() : 1;
            executor = new LocalQueryExecutor(threads);
            fullForwardGflop = 2e-9 * objective.fullForwardMultiplyAdds();
            executor.evaluate(objective, queries); // builds the feature cache
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            executor.close();
        }
    }

    static List<Query> sampleQueries(int dimension, int n, SplittableRandom random) {
        int[] picked = random.ints(0, dimension).distinct().limit(n).sorted().toArray();
        List<Query> out = new ArrayList<>();
        for (int i : picked) {
            out.add(new Query.Coordinate(i, MU));
        }
        return out;
    }

    /** Rates reported next to the primary score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public double queries;
        public double gflop;
        public double effgflop;

        @Setup(Level.Iteration)
        public void reset() {
            queries = 0;
            gflop = 0;
            effgflop = 0;
        }
    }

    @Benchmark
    public void cgeQueries(Queries s, Counters c, Blackhole bh) {
        long before = s.objective.multiplyAddsExecuted();
        bh.consume(s.executor.evaluate(s.objective, s.queries));
        c.queries += s.queries.size();
        c.gflop += 2e-9 * (s.objective.multiplyAddsExecuted() - before);
        c.effgflop += s.queries.size() * s.fullForwardGflop;
    }

    /** ND4J float GEMM into a preallocated output. */
    @State(Scope.Thread)
    public static class Gemm {
        static final int N = 512;
        INDArray a;
        INDArray b;
        INDArray out;

        @Setup(Level.Trial)
        public void setUp() {
            Nd4j.getRandom().setSeed(4);
            a = Nd4j.rand(DataType.FLOAT, N, N);
            b = Nd4j.rand(DataType.FLOAT, N, N);
            out = Nd4j.create(DataType.FLOAT, N, N);
        }
    }

    @Benchmark
    public void gemm(Gemm g, Counters c, Blackhole bh) {
        bh.consume(Nd4j.gemm(g.a, g.b, g.out, false, false, 1.0, 0.0));
        c.gflop += 2e-9 * Gemm.N * Gemm.N * Gemm.N;
    }

    /**
     * Runs the benchmark briefly and prints the summary table.
     * Arguments (optional): warm-up seconds, measurement seconds, measurement iterations.
     */
    public static void main(String[] args) throws RunnerException {
        if (!"1".equals(System.getenv("OMP_NUM_THREADS"))) {
            System.err.println("warning: OMP_NUM_THREADS is not 1; ND4J ops may stall (see shared/LIBRARY-NOTES.md)");
        }
        int warm = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int measure = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Options opt = new OptionsBuilder()
                .include(CgeQueryBenchmark.class.getName() + "\\.")
                .warmupIterations(1).warmupTime(TimeValue.seconds(warm))
                .measurementIterations(iterations).measurementTime(TimeValue.seconds(measure))
                .forks(1)
                .build();
        Collection<RunResult> results = new Runner(opt).run();
        double gemm = Double.NaN;
        List<String[]> rows = new ArrayList<>();
        double base = Double.NaN;
        for (RunResult rr : results) {
            String method = rr.getParams().getBenchmark();
            Result<?> gflop = rr.getSecondaryResults().get("gflop");
            if (method.endsWith(".gemm")) {
                gemm = gflop.getScore();
                continue;
            }
            double q = rr.getSecondaryResults().get("queries").getScore();
            String path = rr.getParams().getParam("path");
            if (path.equals("full")) {
                base = q;
            }
            rows.add(new String[] {path, fmt(q), String.valueOf(q), fmt(gflop.getScore()),
                    fmt(rr.getSecondaryResults().get("effgflop").getScore())});
        }
        System.out.println();
        System.out.println("CGE queries on CIFAR-10 CNN depth " + DEPTH + ", width " + WIDTH + ", batch " + DEFAULT_BATCH
                + " (" + Runtime.getRuntime().availableProcessors() + " cores)");
        System.out.printf(Locale.ROOT, "%-12s %12s %9s %16s %16s%n", "path", "queries/s", "speed-up",
                "executed GFLOP/s", "effective GFLOP/s");
        for (String[] row : rows) {
            System.out.printf(Locale.ROOT, "%-12s %12s %8.1fx %16s %16s%n", row[0], row[1],
                    Double.parseDouble(row[2]) / base, row[3], row[4]);
        }
        System.out.printf(Locale.ROOT, "ND4J GEMM 512^3 float, one thread: %s GFLOP/s%n", fmt(gemm));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.2f", v);
    }
}
