package org.deepzero.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.StagedModels;
import org.deepzero.zo.nn.Weights;
import org.deepzero.zo.objective.QueryOptions;
import org.deepzero.zo.objective.StagedObjective;
import org.deepzero.zo.param.ParameterSpace.Segment;
import org.deepzero.zo.query.Query;
import org.deepzero.zo.query.QueryBatch;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a delta query's time goes on the depth-3 CIFAR CNN (width 18): the thread CPU time per query of
 * {@link CgeQueryVersusBuild}'s coordinate sample grouped by the parameter segment it perturbs (delta path
 * and K batched), and for a query on conv1 and on conv2 the split into its three parts: the one changed
 * channel through the block ({@link StagedModel#perturbedBlockChannel}), the next convolution's
 * channels-last update ({@link StagedModel#replaceInputChannelChannelsLast}) and the tail from inside
 * the next block ({@link StagedModel#forwardAfterConvolution}, alone and K stacked, per query). Medians
 * over the rounds.
 * <p>
 * {@code OMP_NUM_THREADS=1 java -cp bench/target/benchmarks.jar org.deepzero.bench.DeltaQueryProfile
 * [rounds] [batch] [coordinates] [K]}
 */
public final class DeltaQueryProfile {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static final WorkspaceConfiguration WS = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.STRICT).policyLearning(LearningPolicy.FIRST_LOOP).build();

    private DeltaQueryProfile() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int coords = args.length > 2 ? Integer.parseInt(args[2]) : 96;
        int k = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        StagedModel model = StagedModels.cifarCnn(3, 18, 10);
        double[] theta = model.initialParameters(1);
        List<Query> sample = CgeQueryBenchmark.sampleQueries(model.space().dimension(), coords, new SplittableRandom(3));
        System.out.printf(Locale.ROOT, "load average at start: %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("segment | queries | delta, ms/query | batched K=" + k + ", ms/query");
        StagedObjective delta = RgeBatchSpeedup.objective(model, batch, QueryOptions.delta());
        StagedObjective batched = RgeBatchSpeedup.objective(model, batch, QueryOptions.all(k));
        Map<String, List<Query>> bySegment = new TreeMap<>();
        for (Query q : sample) {
            Segment s = model.space().segmentOf(((Query.Coordinate) q).index());
            bySegment.computeIfAbsent(s.name(), x -> new ArrayList<>()).add(q);
        }
        double[] total = new double[2];
        for (Map.Entry<String, List<Query>> e : bySegment.entrySet()) {
            QueryBatch b = new QueryBatch(theta, e.getValue());
            int n = e.getValue().size();
            double d = median(rounds, () -> delta.values(b)) / n;
            double s = median(rounds, () -> batched.values(b)) / n;
            total[0] += d * n;
            total[1] += s * n;
            System.out.printf(Locale.ROOT, "%s | %d | %.2f | %.2f%n", e.getKey(), n, d, s);
        }
        System.out.printf(Locale.ROOT, "all | %d | %.1f ms in all | %.1f ms in all%n", sample.size(), total[0], total[1]);

        Weights w = model.weights(theta);
        INDArray[] a = model.activations(w, delta.input());
        System.out.println("query on | changed channel through the block | next convolution, channels-last |"
                + " tail alone | tail, per query of " + k + " stacked");
        for (int conv : new int[] {0, 4}) {
            int next = conv + 4;
            INDArray cachedLast = a[next + 1].permute(0, 2, 3, 1).dup('c');
            INDArray into = cachedLast.dup();
            INDArray stack = Nd4j.concat(0, Collections.nCopies(k, cachedLast).toArray(INDArray[]::new));
            String weight = model.stage(conv).name() + ".weight";
            StagedModel.ChannelChange[] change = new StagedModel.ChannelChange[1];
            double head = median(rounds * 5, () -> change[0] = model.perturbedBlockChannel(conv, a[conv], a[conv + 1], w,
                    weight, 13, 5e-3));
            double update = median(rounds * 5, () -> model.replaceInputChannelChannelsLast(next, change[0].values(),
                    a[next], change[0].channel(), w, cachedLast, into));
            double tail = median(rounds * 5, () -> inWorkspace(() -> model.forwardAfterConvolution(next + 1, into, w, 1)));
            double stacked = median(rounds, () -> inWorkspace(() -> model.forwardAfterConvolution(next + 1, stack, w, k))) / k;
            System.out.printf(Locale.ROOT, "%s | %.2f ms | %.2f ms | %.2f ms | %.2f ms%n", model.stage(conv).name(), head,
                    update, tail, stacked);
        }
    }

    private static void inWorkspace(Runnable r) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WS, "profile")) {
            r.run();
        }
    }

    /** Median thread CPU time of {@code task} in ms over {@code rounds} runs, after one warm-up run. */
    private static double median(int rounds, Runnable task) {
        task.run();
        double[] ms = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t = MX.getCurrentThreadCpuTime();
            task.run();
            ms[r] = (MX.getCurrentThreadCpuTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms[rounds / 2];
    }
}
