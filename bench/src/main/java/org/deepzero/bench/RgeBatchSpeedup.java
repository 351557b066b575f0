package org.deepzero.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.deepzero.zo.estimate.GradientEstimator.Estimate;
import org.deepzero.zo.estimate.Rge;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.StagedModels;
import org.deepzero.zo.objective.CrossEntropyLoss;
import org.deepzero.zo.objective.QueryOptions;
import org.deepzero.zo.objective.StagedObjective;
import org.deepzero.zo.query.LocalQueryExecutor;
import org.deepzero.zo.query.QueryBatch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * RGE against CGE at equal queries on the DeepZero CIFAR-10 CNNs (depth 1 and 3, width 18), one thread,
 * with RGE unbatched (one forward per direction, as before issue 12) and batched (K directions per
 * forward, {@code StagedObjective#withDirectionBatch}), all in one run, in alternating rounds; times
 * are the thread's CPU time. Cost per query:
 * <ul>
 *   <li>CGE: a seeded uniform sample of coordinates evaluated as one query batch with every speed-up
 *       ({@code QueryOptions.all(K)}), the feature cache built beforehand (a CGE step builds it once for
 *       all d coordinates), so the time per query times d is a CGE step;</li>
 *   <li>RGE: one {@code Rge.estimate} with q directions (the draws and the sum included), per query.</li>
 * </ul>
 * The step-time ratio at equal queries is the ratio of the two per-query costs. The batched and
 * unbatched RGE estimates are compared bit for bit. Also printed: the executed GFLOP/s of one full
 * forward at batch 256 next to ND4J's float GEMM (512³) on the same thread, and the compute floor of
 * RGE: a direction perturbs every weight, so it costs at least one full forward's multiply-adds, and
 * at the GEMM rate (the fastest this thread executes float arithmetic through ND4J) that is the least
 * time an RGE query can take; divided by the CGE query time it is the least RGE/CGE ratio that any
 * forward, however tuned, could reach without making CGE slower.
 * <p>
 * {@code OMP_NUM_THREADS=1 java -cp bench/target/benchmarks.jar org.deepzero.bench.RgeBatchSpeedup
 * [rounds] [batch] [cge coordinates] [rge directions] [K]}
 */
public final class RgeBatchSpeedup {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static final double MU = 5e-3;

    private RgeBatchSpeedup() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int coords = args.length > 2 ? Integer.parseInt(args[2]) : 192;
        int q = args.length > 3 ? Integer.parseInt(args[3]) : 48;
        int k = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        System.out.printf(Locale.ROOT, "batch %d, CGE %d coordinates, RGE q = %d, K = %d, %d rounds%n",
                batch, coords, q, k, rounds);
        double gemm = gemmRate(rounds);
        System.out.println("depth | CGE ms/query | RGE unbatched ms/query | RGE batched ms/query | RGE/CGE unbatched"
                + " per round | RGE/CGE batched per round | batched speed-up (median) | estimates equal"
                + " | full forward MFLOP | RGE floor at the GEMM rate, ms/query | floor / CGE");
        for (int depth : new int[] {1, 3}) {
            compare(depth, rounds, batch, coords, q, k, gemm);
        }
        forwardRate(rounds);
    }

    /** ND4J's float GEMM (512³) on this thread, GFLOP/s, median of the rounds. */
    private static double gemmRate(int rounds) {
        Gemm g = new Gemm();
        double[] rate = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            rate[r] = g.rate();
        }
        System.out.printf(Locale.ROOT, "ND4J float GEMM 512^3 on this thread: %.1f GFLOP/s%n", median(rate));
        return median(rate);
    }

    /** ND4J's float GEMM of two seeded 512 x 512 matrices, the yardstick of this thread's float rate. */
    private static final class Gemm {
        private static final int N = 512;
        private final INDArray a;
        private final INDArray b;
        private final INDArray c = Nd4j.create(DataType.FLOAT, N, N);

        Gemm() {
            Nd4j.getRandom().setSeed(4);
            a = Nd4j.rand(DataType.FLOAT, N, N);
            b = Nd4j.rand(DataType.FLOAT, N, N);
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        }

        /** GFLOP/s of 20 products, thread CPU time. */
        double rate() {
            return 2.0 * N * N * N * 20 / cpu(() -> {
                for (int i = 0; i < 20; i++) {
                    Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
                }
            }) * 1e-9;
        }
    }

    private static void compare(int depth, int rounds, int batch, int coords, int q, int k, double gemm) {
        StagedModel model = StagedModels.cifarCnn(depth, 18, 10);
        double[] theta = model.initialParameters(1);
        StagedObjective cge = objective(model, batch, QueryOptions.all(k));
        StagedObjective unbatched = cge;
        StagedObjective batched = cge.withDirectionBatch(k);
        QueryBatch sample = new QueryBatch(theta, CgeQueryBenchmark.sampleQueries(model.space().dimension(), coords,
                new SplittableRandom(3)));
        Rge rge = new Rge(q, MU, Rge.Directions.UNIT_SPHERE);
        try (LocalQueryExecutor ex = LocalQueryExecutor.serial()) {
            // warm-up, and the feature caches at θ
            ex.evaluate(cge, sample);
            Estimate a = rge.estimate(unbatched, theta, ex, new SplittableRandom(4));
            Estimate b = rge.estimate(batched, theta, ex, new SplittableRandom(4));
            boolean equal = Arrays.equals(a.gradient(), b.gradient()) && a.value() == b.value();
            double[] tc = new double[rounds];
            double[] tu = new double[rounds];
            double[] tb = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                tc[r] = cpu(() -> ex.evaluate(cge, sample)) / coords;
                final int seed = 5 + r;
                tu[r] = cpu(() -> rge.estimate(unbatched, theta, ex, new SplittableRandom(seed))) / (q + 1);
                tb[r] = cpu(() -> rge.estimate(batched, theta, ex, new SplittableRandom(seed))) / (q + 1);
            }
            StringBuilder ru = new StringBuilder();
            StringBuilder rb = new StringBuilder();
            double[] speed = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ru.append(String.format(Locale.ROOT, "%.2f ", tu[r] / tc[r]));
                rb.append(String.format(Locale.ROOT, "%.2f ", tb[r] / tc[r]));
                speed[r] = tu[r] / tb[r];
            }
            double flop = 2.0 * cge.fullForwardMultiplyAdds();
            double floor = flop / (gemm * 1e9);
            System.out.printf(Locale.ROOT, "%d | %.3f | %.3f | %.3f | %s| %s| %.2fx | %s | %.1f | %.3f | %.2fx%n", depth,
                    1e3 * median(tc), 1e3 * median(tu), 1e3 * median(tb), ru, rb, median(speed),
                    equal ? "bit for bit" : "NO", flop * 1e-6, 1e3 * floor, floor / median(tc));
        }
    }

    /** Executed GFLOP/s of a full forward of the depth-3 CNN at batch 256 next to ND4J's GEMM, one thread. */
    private static void forwardRate(int rounds) {
        StagedModel model = StagedModels.cifarCnn(3, 18, 10);
        double[] theta = model.initialParameters(1);
        StagedObjective o = objective(model, 256, QueryOptions.plain());
        double flop = 2.0 * o.fullForwardMultiplyAdds();
        Gemm g = new Gemm();
        o.value(theta);
        double[] fwd = new double[rounds];
        double[] gemm = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            fwd[r] = flop * 5 / cpu(() -> {
                for (int i = 0; i < 5; i++) {
                    o.value(theta);
                }
            }) * 1e-9;
            gemm[r] = g.rate();
        }
        System.out.printf(Locale.ROOT, "depth-3 CNN forward at batch 256: %.2f GFLOP/s executed; ND4J float GEMM 512^3:"
                + " %.1f GFLOP/s; forward/GEMM %.1f%%%n", median(fwd), median(gemm), 100 * median(fwd) / median(gemm));
    }

    static StagedObjective objective(StagedModel model, int batch, QueryOptions options) {
        SplittableRandom r = new SplittableRandom(2);
        float[] x = new float[batch * 3 * 32 * 32];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = r.nextInt(10);
        }
        INDArray input = Nd4j.create(x, new long[] {batch, 3, 32, 32}, 'c');
        return new StagedObjective(model, input, new CrossEntropyLoss(labels, 10), options);
    }

    private static double cpu(Runnable task) {
        long t = MX.getCurrentThreadCpuTime();
        task.run();
        return (MX.getCurrentThreadCpuTime() - t) / 1e9;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

}
