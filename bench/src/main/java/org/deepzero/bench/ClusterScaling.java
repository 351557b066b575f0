package org.deepzero.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.deepzero.common.ProgressListener;
import org.deepzero.coupling.data.ReferenceCache;
import org.deepzero.coupling.remote.CoupledSystemRecipe;
import org.deepzero.coupling.remote.RolloutRecipe;
import org.deepzero.coupling.rollout.RolloutLoss;
import org.deepzero.coupling.spec.CouplingSpec;
import org.deepzero.coupling.spec.CouplingSpecReader;
import org.deepzero.coupling.spec.TrainingSpec;
import org.deepzero.coupling.train.CouplingSetup;
import org.deepzero.coupling.train.WindowSampler;
import org.deepzero.vision.model.ModelSpec;
import org.deepzero.zo.cluster.ClusterQueryExecutor;
import org.deepzero.zo.cluster.LocalMembers;
import org.deepzero.zo.estimate.GradientEstimator;
import org.deepzero.zo.estimate.SparseCge;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.objective.CrossEntropyLoss;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.objective.QueryOptions;
import org.deepzero.zo.objective.StagedObjective;
import org.deepzero.zo.query.DescribedObjective;
import org.deepzero.zo.query.LocalQueryExecutor;
import org.deepzero.zo.query.ObjectiveRecipe;
import org.deepzero.zo.query.Query;
import org.deepzero.zo.query.QueryBatch;
import org.deepzero.zo.query.QueryChunks;
import org.deepzero.zo.query.QueryExecutor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Step time of sparse CGE (a seeded 10% of the coordinates, forward differences, f(θ) in the batch) on
 * two workloads, with one and two local threads and with 1 and 2 cluster members (separate JVMs on
 * loopback, one thread each) beside the calling thread, the bytes of θ and queries sent per step, and
 * the parts of a step the projection to more machines needs:
 * <ul>
 *   <li>{@code cnn}: the depth-3 CIFAR CNN (width 18, batch 64 of seeded Gaussian images), one objective
 *       for every step (members build it once);</li>
 *   <li>{@code karman}: sol-zo on a coupled case (default {@code cases/karman-2d}: the corrector, 4
 *       windows of n = 4 coupled steps drawn per step as in training); members rebuild each step's loss
 *       from its recipe and read the references from the same paths (they must exist: run the case's
 *       references first, or copy them).</li>
 * </ul>
 * Measured per workload at {@code local:1}: the step time T1, the time inside the executor E1 (the rest
 * is the trainer's serial work: the step's objective, the batch, the gradient), and R, the work every
 * machine repeats once per step (its objective's base-point cache: the cost of a fresh objective's
 * first chunk over that of a second chunk). Gradients are checked equal to {@code local:1} bit for bit.
 * The executors are timed in alternating rounds (one step each per round, every executor on the same
 * step's objective), so a change in the load of the shared machine hits all of them alike; the
 * one-member and two-member clusters are two clusters side by side. Usage: {@code java -cp
 * benchmarks.jar org.deepzero.bench.ClusterScaling [rounds] [case] [warm-up steps]}, defaults 5,
 * {@code cases/karman-2d}, 2; a case of {@code -} skips the coupled workload.
 */
public final class ClusterScaling {
    private ClusterScaling() {
    }

    /** The CNN objective as members rebuild it. */
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

    /** An objective that costs nothing: what remains of a step is the executor's own cost per task. */
    record Free() implements ObjectiveRecipe {
        @Override
        public Objective build() {
            org.deepzero.zo.param.ParameterSpace space = ModelSpec.cnn(3, 18).build(DataType.FLOAT).space();
            return new Objective() {
                @Override
                public org.deepzero.zo.param.ParameterSpace space() {
                    return space;
                }

                @Override
                public double value(double[] theta) {
                    return 0;
                }
            };
        }
    }

    /**
     * One benchmark workload.
     *
     * @param objectives the objective of step s (described for members)
     * @param fresh      the objective of step s as a member builds it (nothing cached)
     */
    record Workload(String name, IntFunction<Objective> objectives, IntFunction<Objective> fresh, double[] theta,
                    int[] coordinates, double mu) {
        GradientEstimator estimator() {
            boolean[] mask = new boolean[theta.length];
            for (int i : coordinates) {
                mask[i] = true;
            }
            return new SparseCge(() -> mask, mu);
        }

        int queries() {
            return coordinates.length + 1;
        }
    }

    /** An executor that times the calls it passes on. */
    private static final class Timed implements QueryExecutor {
        final QueryExecutor inner;
        long nanos;

        Timed(QueryExecutor inner) {
            this.inner = inner;
        }

        @Override
        public double[] evaluate(Objective objective, QueryBatch batch) {
            long t0 = System.nanoTime();
            try {
                return inner.evaluate(objective, batch);
            } finally {
                nanos += System.nanoTime() - t0;
            }
        }
    }

    /** What one executor gave on one workload. */
    private record Row(String executor, double stepSeconds, double evaluateSeconds, double bytesPerStep,
                       double tasksPerStep, double remoteChunksPerStep, boolean identical) {
    }

    /** One executor of the comparison, with its step times per workload. */
    private static final class Config {
        final String label;
        final QueryExecutor executor;
        final ClusterQueryExecutor cluster;
        final List<List<Double>> step = new ArrayList<>();
        final List<List<Double>> inside = new ArrayList<>();
        final long[][] counters;
        final boolean[] identical;

        Config(String label, QueryExecutor executor, ClusterQueryExecutor cluster, int workloads) {
            this.label = label;
            this.executor = executor;
            this.cluster = cluster;
            for (int i = 0; i < workloads; i++) {
                step.add(new ArrayList<>());
                inside.add(new ArrayList<>());
            }
            this.counters = new long[workloads][6];
            this.identical = new boolean[workloads];
            Arrays.fill(identical, true);
        }
    }

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String caseArg = args.length > 1 ? args[1] : "cases/karman-2d";
        int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        List<Workload> workloads = new ArrayList<>();
        if (!caseArg.equals("-")) {
            workloads.add(karman(Path.of(caseArg)));
        }
        workloads.add(cnn());
        int n = workloads.size();
        String name = "dz-bench-" + ProcessHandle.current().pid();
        int port = 31_000 + (int) (ProcessHandle.current().pid() % 10_000);
        ClusterQueryExecutor.Settings one = new ClusterQueryExecutor.Settings(name + "-1", 0.5, 2, 600_000);
        ClusterQueryExecutor.Settings two = new ClusterQueryExecutor.Settings(name + "-2", 0.5, 2, 600_000);
        // two clusters side by side (an idle member costs nothing), so every round times every executor
        try (LocalMembers a = new LocalMembers(one.clusterName(), port, 1, "1g").start(1);
             LocalMembers b = new LocalMembers(two.clusterName(), port + 50, 1, "1g").start(2);
             LocalQueryExecutor l1 = new LocalQueryExecutor(1);
             LocalQueryExecutor l2 = new LocalQueryExecutor(2);
             ClusterQueryExecutor c1 = ClusterQueryExecutor.join(a.joinList(), one, "bench");
             ClusterQueryExecutor c2 = ClusterQueryExecutor.join(b.joinList(), two, "bench")) {
            List<Config> configs = List.of(new Config("local:1", l1, null, n), new Config("local:2", l2, null, n),
                    new Config("1 member + caller", c1, c1, n), new Config("2 members + caller", c2, c2, n));
            printLoad("start");
            for (int i = 0; i < n; i++) {
                for (Config c : configs) {
                    for (int k = 0; k < warmups; k++) { // members build and cache, their JIT compiles
                        step(workloads.get(i), c, i, 100 + k, null);
                    }
                }
            }
            // alternating rounds: a change of the machine's load hits every executor alike
            for (int r = 0; r < steps; r++) {
                for (int i = 0; i < n; i++) {
                    double[] reference = null;
                    for (Config c : configs) {
                        double[] g = step(workloads.get(i), c, i, 1 + r, c.step.get(i));
                        if (reference == null) {
                            reference = g;
                        } else if (!Arrays.equals(g, reference)) {
                            c.identical[i] = false;
                        }
                    }
                }
                printLoad("round " + (r + 1));
            }
            for (int i = 0; i < n; i++) {
                report(workloads.get(i), i, configs, steps, warmups);
            }
            overhead(c1, "1 member + caller");
            overhead(c2, "2 members + caller");
        }
    }

    /** One timed step of workload {@code i} (objective of step {@code s}) on {@code c}; its gradient. */
    private static double[] step(Workload w, Config c, int i, int s, List<Double> times) {
        Timed x = new Timed(c.executor);
        long[] before = c.cluster == null ? null : c.cluster.counters();
        long t0 = System.nanoTime();
        double[] g = w.estimator().estimate(w.objectives().apply(s), w.theta(), x, new SplittableRandom(1)).gradient();
        double t = (System.nanoTime() - t0) * 1e-9;
        if (times != null) {
            times.add(t);
            c.inside.get(i).add(x.nanos * 1e-9);
            if (c.cluster != null) {
                long[] after = c.cluster.counters();
                for (int k = 0; k < after.length; k++) {
                    c.counters[i][k] += after[k] - before[k];
                }
            }
        }
        return g;
    }

    /**
     * Wall time per task of batches of 64 free queries (64 chunks): the executor's cost of sending a
     * task and placing its answer, as measured here (an upper bound on a loaded machine).
     */
    private static void overhead(ClusterQueryExecutor x, String label) {
        Free recipe = new Free();
        Objective o = new DescribedObjective(recipe.build(), recipe);
        double[] theta = new double[o.space().dimension()];
        List<Query> queries = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            queries.add(new Query.Coordinate(i, 1e-3));
        }
        QueryBatch batch = new QueryBatch(theta, queries);
        for (int i = 0; i < 20; i++) {
            x.evaluate(o, batch);
        }
        long[] before = x.counters();
        int batches = 200;
        long t0 = System.nanoTime();
        for (int i = 0; i < batches; i++) {
            x.evaluate(o, batch);
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        long[] after = x.counters();
        long tasks = after[4] - before[4];
        System.out.printf(Locale.ROOT, "executor cost, %s: %d batches of 64 free queries in %.2f s: %.2f ms per batch, "
                + "%.1f tasks per batch (%.1f chunks on members), %.3f ms of batch per task%n", label, batches, seconds,
                1e3 * seconds / batches, tasks / (double) batches, (after[1] - before[1]) / (double) batches,
                1e3 * seconds / Math.max(1, tasks));
    }

    private static void report(Workload w, int i, List<Config> configs, int steps, int warmups) {
        double r = replicated(w);
        double cpu = cpuPerStep(w);
        List<Row> rows = new ArrayList<>();
        for (Config c : configs) {
            long[] k = c.counters[i];
            boolean remote = c.cluster != null;
            rows.add(new Row(c.label, median(c.step.get(i)), median(c.inside.get(i)),
                    remote ? k[3] / (double) steps : -1, remote ? k[4] / (double) steps : -1,
                    remote ? k[1] / (double) steps : -1, c.identical[i]));
        }
        Row one = rows.get(0);
        System.out.printf(Locale.ROOT, "%n== %s: d = %d, %d queries per step (incl. f(θ)), %d chunks; %d alternating "
                        + "rounds after %d warm-up steps per executor (median)%n", w.name(), w.theta().length,
                w.queries(), QueryChunks.count(w.queries()), steps, warmups);
        for (Config c : configs) {
            System.out.printf(Locale.ROOT, "  %-20s steps %s%n", c.label, c.step.get(i).stream()
                    .map(v -> String.format(Locale.ROOT, "%.2f", v)).toList());
        }
        System.out.printf(Locale.ROOT, "local:1 parts: step %.3f s, inside the executor %.3f s, trainer serial %.4f s "
                + "(%.2f%%)%n", one.stepSeconds(), one.evaluateSeconds(), one.stepSeconds() - one.evaluateSeconds(),
                100 * (one.stepSeconds() - one.evaluateSeconds()) / one.stepSeconds());
        System.out.printf(Locale.ROOT, "CPU time on one thread (load-independent): a step's queries %.3f s, of which "
                + "repeated per machine (base-point cache) %.4f s (%.2f%%)%n", cpu, r, 100 * r / cpu);
        System.out.println("| executor | step s | vs local:1 | θ + queries sent per step | tasks per step | "
                + "chunks on members | gradient = local:1 |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Row row : rows) {
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %s | %s | %s | %s |%n", row.executor(),
                    row.stepSeconds(), one.stepSeconds() / row.stepSeconds(),
                    row.bytesPerStep() < 0 ? "—" : String.format(Locale.ROOT, "%.1f KB", row.bytesPerStep() / 1e3),
                    row.tasksPerStep() < 0 ? "—" : String.format(Locale.ROOT, "%.1f", row.tasksPerStep()),
                    row.remoteChunksPerStep() < 0 ? "—" : String.format(Locale.ROOT, "%.1f of %d",
                            row.remoteChunksPerStep(), QueryChunks.count(w.queries())),
                    row.identical() ? "yes" : "NO");
        }
    }

    private static void printLoad(String when) {
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf(Locale.ROOT, "load average (1 min) at %s: %.1f on %d cores%n", when, load,
                Runtime.getRuntime().availableProcessors());
    }

    /** The depth-3 CNN workload: d = 6,670, 667 coordinates. */
    private static Workload cnn() {
        SyntheticCifar recipe = new SyntheticCifar(3, 18, 64, 7);
        Objective objective = new DescribedObjective(recipe.build(), recipe);
        int d = objective.space().dimension();
        double[] theta = ModelSpec.cnn(3, 18).build(DataType.FLOAT).initialParameters(3);
        int[] coords = new SplittableRandom(11).ints(0, d).distinct().limit(d / 10).sorted().toArray();
        return new Workload("sparse CGE, depth-3 CIFAR CNN (width 18, batch 64)", s -> objective,
                s -> recipe.build(), theta, coords, 5e-3);
    }

    /** Sol-zo on a coupled case: the training windows of each step, the case's sparsity and μ. */
    private static Workload karman(Path caseDir) {
        return karman(CouplingSpecReader.read(caseDir));
    }

    private static <S> Workload karman(CouplingSpec<S> spec) {
        TrainingSpec t = spec.training();
        System.out.println("case hash " + spec.pde().hash() + " (references are read, or made when missing)");
        ProgressListener generating = new ProgressListener() {
            @Override
            public void progress(String phase, long done, long total, java.util.Map<String, Double> values) {
                if (done == 0 || done == total) {
                    System.out.println("  making references: " + phase + " " + done + "/" + total);
                }
            }
        };
        CouplingSetup<S> setup = CouplingSetup.of(spec, ReferenceCache.load(spec.pde(), t.parameters(), generating));
        CoupledSystemRecipe system = CoupledSystemRecipe.of(setup);
        WindowSampler<S> sampler = new WindowSampler<>(setup.reference(), t.parameters(), t.frames(), t.unroll(),
                t.windows(), t.seed());
        IntFunction<Objective> objectives = s -> new DescribedObjective(
                new RolloutLoss<>(setup.rollout(), sampler.windows(s), true),
                RolloutRecipe.of(system, t.unroll(), sampler.picks(s), true));
        IntFunction<Objective> fresh = s -> RolloutRecipe.of(system, t.unroll(), sampler.picks(s), true).build();
        double[] theta = setup.corrector().initialParameters(1);
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < theta.length; i++) {
            theta[i] += 0.05 * r.nextGaussian(); // every layer acts, as after a few training steps
        }
        int d = theta.length;
        int m = (int) Math.round(d * (1 - t.sparsity()));
        int[] coords = new SplittableRandom(11).ints(0, d).distinct().limit(m).sorted().toArray();
        return new Workload("sol-zo, " + spec.pde().file().getParent().getFileName() + " (" + t.windows()
                + " windows of n = " + t.unroll() + ")", objectives, fresh, theta, coords, t.mu());
    }

    private static final java.lang.management.ThreadMXBean MX =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private static QueryBatch batch(Workload w) {
        List<Query> queries = new ArrayList<>();
        queries.add(new Query.Coordinate(0, 0.0));
        for (int i : w.coordinates()) {
            queries.add(new Query.Coordinate(i, w.mu()));
        }
        return new QueryBatch(w.theta(), queries);
    }

    /**
     * CPU seconds a machine spends once per step before its queries (the base-point cache of a fresh
     * objective): a fresh objective's chunk 1 minus its chunk 2 (same size), on this thread, median of 5.
     */
    private static double replicated(Workload w) {
        QueryBatch batch = batch(w);
        double[] r = new double[5];
        for (int k = 0; k < r.length; k++) {
            Objective o = w.fresh().apply(200 + k);
            long t0 = MX.getCurrentThreadCpuTime();
            QueryChunks.evaluate(o, batch, 1);
            long t1 = MX.getCurrentThreadCpuTime();
            QueryChunks.evaluate(o, batch, 2);
            long t2 = MX.getCurrentThreadCpuTime();
            r[k] = Math.max(0, ((t1 - t0) - (t2 - t1)) * 1e-9);
        }
        Arrays.sort(r);
        return r[2];
    }

    /** CPU seconds of all chunks of a step on this thread (a fresh objective each time), median of 3. */
    private static double cpuPerStep(Workload w) {
        QueryBatch batch = batch(w);
        double[] r = new double[3];
        for (int k = 0; k < r.length; k++) {
            Objective o = w.fresh().apply(300 + k);
            long t0 = MX.getCurrentThreadCpuTime();
            for (int c = 0; c < QueryChunks.count(batch.size()); c++) {
                QueryChunks.evaluate(o, batch, c);
            }
            r[k] = (MX.getCurrentThreadCpuTime() - t0) * 1e-9;
        }
        Arrays.sort(r);
        return r[1];
    }

    private static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
