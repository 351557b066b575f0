package org.deepzero.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.StagedModels;
import org.deepzero.zo.objective.QueryOptions;
import org.deepzero.zo.objective.StagedObjective;
import org.deepzero.zo.query.QueryBatch;

/**
 * CGE queries per second of the depth-3 DeepZero CIFAR-10 CNN (width 18) on the NCHW path
 * ({@code StagedModel#withChannelsLastConvolutions(false)}, the baseline) and on the channels-last
 * path (the default), in alternating rounds on one thread: the same seeded coordinate sample as
 * {@link CgeQueryBenchmark} (μ = 5e-3), for full forwards, feature reuse, the linear-stage delta with
 * channel propagation, and the delta with K queries batched. Thread CPU time per round; the feature
 * cache is built before timing (a CGE step builds it once for all coordinates). Prints queries/s, the
 * speed-up per round and the largest relative difference between the two paths' query values.
 * <p>
 * {@code OMP_NUM_THREADS=1 java -cp bench/target/benchmarks.jar org.deepzero.bench.CgeQuerySpeedup
 * [rounds] [batch] [coordinates] [K]}
 */
public final class CgeQuerySpeedup {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private CgeQuerySpeedup() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int coords = args.length > 2 ? Integer.parseInt(args[2]) : 96;
        int k = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        StagedModel now = StagedModels.cifarCnn(3, 18, 10);
        StagedModel before = now.withChannelsLastConvolutions(false);
        double[] theta = now.initialParameters(1);
        QueryBatch sample = new QueryBatch(theta, CgeQueryBenchmark.sampleQueries(now.space().dimension(), coords,
                new SplittableRandom(3)));
        System.out.printf(Locale.ROOT, "load average at start: %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "depth-3 CNN, width 18, batch %d, %d coordinates, %d rounds%n", batch, coords,
                rounds);
        System.out.println("path | before, queries/s | now, queries/s | speed-up per round | median | largest"
                + " relative difference of the values");
        String[] names = {"full", "reuse", "delta", "batched K=" + k};
        QueryOptions[] options = {QueryOptions.plain(), QueryOptions.reuse(), QueryOptions.delta(), QueryOptions.all(k)};
        for (int p = 0; p < names.length; p++) {
            StagedObjective old = RgeBatchSpeedup.objective(before, batch, options[p]);
            StagedObjective fresh = RgeBatchSpeedup.objective(now, batch, options[p]);
            QueryBatch queries = p == 0 ? new QueryBatch(theta, sample.queries().subList(0, Math.max(1, coords / 8)))
                    : sample;
            double[] v0 = old.values(queries); // warm-up and feature caches
            double[] v1 = fresh.values(queries);
            double[] q0 = new double[rounds];
            double[] q1 = new double[rounds];
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                q0[r] = queries.size() / cpu(() -> old.values(queries));
                q1[r] = queries.size() / cpu(() -> fresh.values(queries));
                ratio[r] = q1[r] / q0[r];
            }
            double worst = 0;
            for (int i = 0; i < v0.length; i++) {
                worst = Math.max(worst, Math.abs(v1[i] - v0[i]) / Math.abs(v0[i]));
            }
            StringBuilder per = new StringBuilder();
            for (double x : ratio) {
                per.append(String.format(Locale.ROOT, "%.2f ", x));
            }
            System.out.printf(Locale.ROOT, "%s | %.1f | %.1f | %s| %.2fx | %.2g%n", names[p], median(q0), median(q1), per,
                    median(ratio), worst);
        }
        System.out.printf(Locale.ROOT, "load average at end: %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static double cpu(Runnable task) {
        long t = MX.getCurrentThreadCpuTime();
        task.run();
        return (MX.getCurrentThreadCpuTime() - t) / 1e9;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
