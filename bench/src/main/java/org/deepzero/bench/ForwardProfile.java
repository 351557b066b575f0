package org.deepzero.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
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
 * Where a full forward of the DeepZero CIFAR-10 CNN spends its time: the thread CPU time of every stage
 * (median over repetitions), the executed GFLOP/s of the convolutions and of the whole forward (which
 * fuses batch norm and ReLU, see {@code StagedModel#forwardFrom}), and
 * ND4J's float GEMM (512³) measured on the same thread in the same run as the machine's reference rate.
 * <p>
 * {@code OMP_NUM_THREADS=1 java -cp bench/target/benchmarks.jar org.deepzero.bench.ForwardProfile
 * [depth] [batch] [repetitions]}
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
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        StagedModel model = StagedModels.cifarCnn(depth, 18, 10);
        StagedObjective o = RgeBatchSpeedup.objective(model, batch, QueryOptions.plain());
        Weights w = model.weights(model.initialParameters(1));
        int stages = model.stageCount();
        long[][] shapes = new long[stages + 1][];
        for (int l = 0; l <= stages; l++) {
            shapes[l] = model.stageInputShape(l, o.input().shape());
        }
        double[][] t = new double[stages][reps];
        for (int r = 0; r < reps + 1; r++) {
            INDArray x = o.input();
            for (int l = 0; l < stages; l++) {
                long c0 = MX.getCurrentThreadCpuTime();
                x = model.stage(l).forward(x, w, 1);
                long c1 = MX.getCurrentThreadCpuTime();
                if (r > 0) {
                    t[l][r - 1] = (c1 - c0) / 1e9;
                }
            }
        }
        double total = 0;
        double flop = 0;
        System.out.printf(Locale.ROOT, "depth-%d CNN, batch %d: stage | ms | share | GFLOP/s%n", depth, batch);
        double[] med = new double[stages];
        for (int l = 0; l < stages; l++) {
            med[l] = median(t[l]);
            total += med[l];
            flop += 2.0 * model.stage(l).multiplyAdds(shapes[l]);
        }
        for (int l = 0; l < stages; l++) {
            double f = 2.0 * model.stage(l).multiplyAdds(shapes[l]);
            System.out.printf(Locale.ROOT, "%s | %.2f | %.0f%% | %s%n", model.stage(l).name(), 1e3 * med[l],
                    100 * med[l] / total, f > 0 ? String.format(Locale.ROOT, "%.1f", f / med[l] * 1e-9) : "-");
        }
        double[] whole = new double[reps];
        for (int r = 0; r < reps + 1; r++) {
            long c0 = MX.getCurrentThreadCpuTime();
            model.forward(w, o.input(), 1);
            if (r > 0) {
                whole[r - 1] = (MX.getCurrentThreadCpuTime() - c0) / 1e9;
            }
        }
        double forward = median(whole);
        double[] inWorkspace = new double[reps];
        for (int r = 0; r < reps + 1; r++) {
            long c0 = MX.getCurrentThreadCpuTime();
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WS, "profile")) {
                model.forward(w, o.input(), 1);
            }
            if (r > 0) {
                inWorkspace[r - 1] = (MX.getCurrentThreadCpuTime() - c0) / 1e9;
            }
        }
        System.out.printf(Locale.ROOT, "whole forward in a workspace: %.2f ms%n", 1e3 * median(inWorkspace));
        int n = 512;
        Nd4j.getRandom().setSeed(4);
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        double[] g = new double[reps];
        for (int r = 0; r < reps + 1; r++) {
            long c0 = MX.getCurrentThreadCpuTime();
            for (int i = 0; i < 10; i++) {
                Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            }
            if (r > 0) {
                g[r - 1] = 20.0 * n * n * n / ((MX.getCurrentThreadCpuTime() - c0) / 1e9) * 1e-9;
            }
        }
        double gemm = median(g);
        System.out.printf(Locale.ROOT, "stages one by one %.2f ms; whole forward (fused batch norm + ReLU) %.2f ms,"
                + " %.2f GFLOP/s executed; ND4J float GEMM 512^3 %.1f GFLOP/s; forward/GEMM %.1f%%%n", 1e3 * total,
                1e3 * forward, flop / forward * 1e-9, gemm, 100 * flop / forward * 1e-9 / gemm);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }
}
