package org.deepzero.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.StagedModels;
import org.deepzero.zo.nn.Weights;
import org.deepzero.zo.objective.QueryOptions;
import org.deepzero.zo.objective.StagedObjective;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a full forward of the DeepZero CIFAR-10 CNN spends its time, and how fast it runs against ND4J's
 * float GEMM (512³) on the same thread in the same run: the thread CPU time of every stage one by one
 * (median over rounds) for the NCHW path ({@code StagedModel#withChannelsLastConvolutions(false)}, the
 * baseline) and the channels-last path (the default), then the whole forward of both paths and GEMM in
 * alternating rounds (each round: the median of three calls of each), with the executed GFLOP/s, the
 * share of the GEMM rate, the speed-up per round, and the largest difference between the two outputs.
 * <p>
 * {@code OMP_NUM_THREADS=1 java -cp bench/target/benchmarks.jar org.deepzero.bench.ForwardProfile
 * [depth] [batch] [rounds]}
 */
public final class ForwardProfile {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private static final WorkspaceConfiguration WS = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.STRICT).policyLearning(LearningPolicy.FIRST_LOOP).build();

    private ForwardProfile() {
    }

    public static void main(String[] args) {
        int depth = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        StagedModel now = StagedModels.cifarCnn(depth, 18, 10);
        StagedModel before = now.withChannelsLastConvolutions(false);
        StagedObjective o = RgeBatchSpeedup.objective(now, batch, QueryOptions.plain());
        INDArray input = o.input();
        Weights w = now.weights(now.initialParameters(1));
        double flop = 2.0 * now.multiplyAdds(0, input.shape());
        System.out.printf(Locale.ROOT, "load average at start: %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        stageProfile("NCHW (before)", before, w, input, rounds);
        stageProfile("channels-last convolutions, stage by stage", now, w, input, rounds);

        int n = 512;
        Nd4j.getRandom().setSeed(4);
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        double[] gemm = new double[rounds];
        double[] old = new double[rounds];
        double[] fresh = new double[rounds];
        double[] oldWs = new double[rounds];
        double[] freshWs = new double[rounds];
        for (int r = -1; r < rounds; r++) { // round −1 warms up
            double g = cpuSeconds(() -> {
                for (int i = 0; i < 10; i++) {
                    Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
                }
                return c;
            }) / 10;
            double t0 = median3(() -> before.forward(w, input, 1), false);
            double t1 = median3(() -> now.forward(w, input, 1), false);
            double t2 = median3(() -> before.forward(w, input, 1), true);
            double t3 = median3(() -> now.forward(w, input, 1), true);
            if (r >= 0) {
                gemm[r] = 2.0 * n * n * n / g * 1e-9;
                old[r] = t0;
                fresh[r] = t1;
                oldWs[r] = t2;
                freshWs[r] = t3;
                System.out.printf(Locale.ROOT, "round %d: GEMM %.1f GFLOP/s; forward before %.2f ms, now %.2f ms"
                        + " (%.2fx); in a workspace before %.2f ms, now %.2f ms (%.2fx)%n", r + 1, gemm[r], 1e3 * t0,
                        1e3 * t1, t0 / t1, 1e3 * t2, 1e3 * t3, t2 / t3);
            }
        }
        double gm = median(gemm);
        System.out.printf(Locale.ROOT, "depth-%d CNN, width 18, batch %d, %.1f MFLOP per forward, %d rounds"
                + " (medians); ND4J float GEMM 512^3 %.1f GFLOP/s%n", depth, batch, flop * 1e-6, rounds, gm);
        report("before (NCHW)", median(old), flop, gm);
        report("now (channels-last blocks)", median(fresh), flop, gm);
        report("before, in a workspace", median(oldWs), flop, gm);
        report("now, in a workspace", median(freshWs), flop, gm);
        System.out.printf(Locale.ROOT, "speed-up per round: %s; in a workspace: %s%n", ratios(old, fresh),
                ratios(oldWs, freshWs));
        INDArray y0 = before.forward(w, input, 1);
        INDArray y1 = now.forward(w, input, 1);
        System.out.printf(Locale.ROOT, "outputs: equal bit for bit %s, largest difference %.3g (largest |logit| %.3g)%n",
                y0.equals(y1), y0.sub(y1).amaxNumber().doubleValue(), y0.amaxNumber().doubleValue());
        System.out.printf(Locale.ROOT, "load average at end: %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static void stageProfile(String title, StagedModel model, Weights w, INDArray input, int rounds) {
        int stages = model.stageCount();
        double[][] t = new double[stages][rounds];
        for (int r = -1; r < rounds; r++) {
            INDArray x = input;
            for (int l = 0; l < stages; l++) {
                long c0 = MX.getCurrentThreadCpuTime();
                x = model.stage(l).forward(x, w, 1);
                long c1 = MX.getCurrentThreadCpuTime();
                if (r >= 0) {
                    t[l][r] = (c1 - c0) / 1e9;
                }
            }
        }
        StringBuilder names = new StringBuilder();
        StringBuilder times = new StringBuilder();
        double total = 0;
        long[] shape = input.shape();
        for (int l = 0; l < stages; l++) {
            double m = median(t[l]);
            total += m;
            double f = 2.0 * model.stage(l).multiplyAdds(shape);
            shape = model.stage(l).outputShape(shape);
            names.append(" | ").append(model.stage(l).name());
            times.append(" | ").append(String.format(Locale.ROOT, "%.1f", 1e3 * m));
            if (f > 0) {
                times.append(String.format(Locale.ROOT, " (%.0f GFLOP/s)", f / m * 1e-9));
            }
        }
        System.out.printf(Locale.ROOT, "%s, stages one by one (ms, median of %d): total %.1f%n%s |%n%s |%n", title,
                rounds, 1e3 * total, names, times);
    }

    private static void report(String what, double seconds, double flop, double gemm) {
        double rate = flop / seconds * 1e-9;
        System.out.printf(Locale.ROOT, "%-28s %7.2f ms  %6.2f GFLOP/s  %5.1f%% of GEMM%n", what, 1e3 * seconds, rate,
                100 * rate / gemm);
    }

    static String ratios(double[] before, double[] now) {
        StringBuilder s = new StringBuilder();
        double[] q = new double[before.length];
        for (int r = 0; r < before.length; r++) {
            q[r] = before[r] / now[r];
            s.append(String.format(Locale.ROOT, "%.2f ", q[r]));
        }
        return s.append(String.format(Locale.ROOT, "(median %.2fx)", median(q))).toString();
    }

    /** The median thread CPU time of three calls. */
    private static double median3(Supplier<INDArray> f, boolean inWorkspace) {
        double[] t = new double[3];
        for (int i = 0; i < 3; i++) {
            t[i] = inWorkspace ? cpuSeconds(() -> {
                try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WS, "profile")) {
                    f.get();
                }
                return null;
            }) : cpuSeconds(f);
        }
        return median(t);
    }

    static double cpuSeconds(Supplier<INDArray> f) {
        long c0 = MX.getCurrentThreadCpuTime();
        f.get();
        return (MX.getCurrentThreadCpuTime() - c0) / 1e9;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
