package org.deepzero.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.deepzero.vision.model.ModelSpec;
import org.deepzero.zo.cluster.ClusterQueryExecutor;
import org.deepzero.zo.cluster.LocalMembers;
import org.deepzero.zo.estimate.Cge;
import org.deepzero.zo.estimate.Difference;
import org.deepzero.zo.estimate.GradientEstimator;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.objective.CrossEntropyLoss;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.objective.QueryOptions;
import org.deepzero.zo.objective.StagedObjective;
import org.deepzero.zo.query.DescribedObjective;
import org.deepzero.zo.query.LocalQueryExecutor;
import org.deepzero.zo.query.ObjectiveRecipe;
import org.deepzero.zo.query.QueryExecutor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Step time of sparse CGE (a seeded 10% of the coordinates, forward differences) on the depth-3 CIFAR
 * CNN (width 18, batch 64 of seeded Gaussian images) with one local thread, and with 1 and 2 cluster
 * members (separate JVMs on loopback, one thread each) beside the calling thread; the bytes of recipes
 * and θ sent per step. Gradients are checked equal to the local one bit for bit. Usage:
 * {@code java -cp bench.jar org.deepzero.bench.ClusterScaling [steps]}.
 */
public final class ClusterScaling {
    private ClusterScaling() {
    }

    /** The benchmark's objective as members rebuild it. */
    record SyntheticCifar(int depth, int width, int batch, long seed) implements ObjectiveRecipe {
        @Override
        public Objective build() {
            StagedModel m = ModelSpec.cnn(depth, width).build(DataType.FLOAT);
            SplittableRandom r = new SplittableRandom(seed);
            float[] x = new float[batch * 3 * 32 * 32];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            int[] y = new int[batch];
            for (int i = 0; i < batch; i++) {
                y[i] = r.nextInt(10);
            }
            return new StagedObjective(m, Nd4j.create(x, new long[] {batch, 3, 32, 32}, 'c'),
                    new CrossEntropyLoss(y, 10), QueryOptions.all(8));
        }
    }

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        SyntheticCifar recipe = new SyntheticCifar(3, 18, 64, 7);
        Objective objective = new DescribedObjective(recipe.build(), recipe);
        int d = objective.space().dimension();
        double[] theta = ModelSpec.cnn(3, 18).build(DataType.FLOAT).initialParameters(3);
        int[] coords = new SplittableRandom(11).ints(0, d).distinct().limit(d / 10).sorted().toArray();
        GradientEstimator cge = Cge.over(coords, 5e-3, Difference.FORWARD);
        System.out.printf(Locale.ROOT, "depth-3 CNN, d = %d, %d coordinates (10%%), batch 64, %d timed steps after 1 warm-up%n",
                d, coords.length, steps);
        double[] reference;
        try (QueryExecutor x = new LocalQueryExecutor(1)) {
            reference = time("local:1", cge, objective, theta, x, steps, null);
        }
        try (QueryExecutor x = new LocalQueryExecutor(2)) {
            double[] g = time("local:2", cge, objective, theta, x, steps, null);
            System.out.println("  gradient identical to local:1: " + Arrays.equals(g, reference));
        }
        double[] oneMember = null;
        String name = "dz-bench-" + ProcessHandle.current().pid();
        int port = 31_000 + (int) (ProcessHandle.current().pid() % 10_000);
        try (LocalMembers members = new LocalMembers(name, port, 1, "1g")) {
            for (int n = 1; n <= 2; n++) {
                members.start(1);
                ClusterQueryExecutor.Settings s = new ClusterQueryExecutor.Settings(name, 0.5, 2, 600_000);
                try (ClusterQueryExecutor x = ClusterQueryExecutor.join(members.joinList(), s, "bench")) {
                    double[] g = time(n + " member(s) + caller", cge, objective, theta, x, steps, x);
                    System.out.println("  gradient identical to local:1: " + Arrays.equals(g, reference)
                            + (oneMember == null ? "" : ", to 1 member + caller: " + Arrays.equals(g, oneMember)));
                    oneMember = oneMember == null ? g : oneMember;
                }
            }
        }
    }

    private static double[] time(String label, GradientEstimator cge, Objective o, double[] theta, QueryExecutor x,
                                 int steps, ClusterQueryExecutor cluster) {
        double[] g = cge.estimate(o, theta, x, new SplittableRandom(1)).gradient(); // warm-up: members build and cache
        long[] before = cluster == null ? null : cluster.counters();
        double[] t = new double[steps];
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            g = cge.estimate(o, theta, x, new SplittableRandom(1)).gradient();
            t[i] = (System.nanoTime() - t0) * 1e-9;
        }
        Arrays.sort(t);
        String extra = "";
        if (cluster != null) {
            long[] after = cluster.counters();
            extra = String.format(Locale.ROOT, ", remote chunks %.0f in %.0f tasks, local chunks %.0f, context bytes/step %.0f",
                    (after[1] - before[1]) / (double) steps, (after[4] - before[4]) / (double) steps,
                    (after[2] - before[2]) / (double) steps, (after[3] - before[3]) / (double) steps);
        }
        System.out.printf(Locale.ROOT, "%-22s median step %.2f s%s%n", label, t[steps / 2], extra);
        return g;
    }
}
