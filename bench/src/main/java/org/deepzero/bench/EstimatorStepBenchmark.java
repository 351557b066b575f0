package org.deepzero.bench;

import java.util.Collection;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.deepzero.vision.model.ModelSpec;
import org.deepzero.zo.estimate.Cge;
import org.deepzero.zo.estimate.Difference;
import org.deepzero.zo.estimate.GradientEstimator;
import org.deepzero.zo.estimate.Rge;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.objective.CrossEntropyLoss;
import org.deepzero.zo.objective.QueryOptions;
import org.deepzero.zo.objective.StagedObjective;
import org.deepzero.zo.query.LocalQueryExecutor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Time of one gradient-estimation step, CGE (forward differences, every coordinate, all query
 * speed-ups) against RGE with as many queries (q = d, unit sphere), on the depth-1 CIFAR-10 CNN
 * (width 18, d = 730) and a seeded batch of images, one query thread. Both are timed the same way:
 * the objective (batch, loss, feature cache set-up) is built once outside the timer, each measured
 * call is one {@code estimate} (RGE's direction draws included: they are part of its cost), after a
 * warm-up step. Replaces the timed unit test {@code StepTimingTest}.
 * <p>
 * Run: {@code OMP_NUM_THREADS=1 java -jar bench/target/benchmarks.jar EstimatorStepBenchmark}, or for
 * the RGE/CGE ratio {@code OMP_NUM_THREADS=1 java -cp bench/target/benchmarks.jar
 * org.deepzero.bench.EstimatorStepBenchmark}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=10g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@State(Scope.Benchmark)
public class EstimatorStepBenchmark {

    /** Queries stacked per evaluation, as {@code vision train} uses. */
    static final int QUERY_STACK = 8;
    static final double MU = 5e-3;

    @Param({"cge", "rge"})
    public String method;

    @Param({"128"})
    public int batch;

    private StagedObjective objective;
    private double[] theta;
    private GradientEstimator estimator;
    private LocalQueryExecutor executor;
    private long step;

    @Setup(Level.Trial)
    public void setUp() {
        StagedModel model = ModelSpec.cnn(1, 18).build(DataType.FLOAT);
        SplittableRandom r = new SplittableRandom(7);
        float[] pixels = new float[batch * 3 * 32 * 32];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) r.nextGaussian();
        }
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = r.nextInt(10);
        }
        INDArray x = Nd4j.create(pixels, new long[] {batch, 3, 32, 32}, 'c');
        objective = new StagedObjective(model, x, new CrossEntropyLoss(labels, 10), QueryOptions.all(QUERY_STACK));
        theta = model.initialParameters(0);
        int d = model.space().dimension();
        estimator = method.equals("cge") ? Cge.of(MU, Difference.FORWARD) : new Rge(d, MU, Rge.Directions.UNIT_SPHERE);
        executor = LocalQueryExecutor.serial();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        executor.close();
    }

    @Benchmark
    public double estimateOneStep() {
        return estimator.estimate(objective, theta, executor, new SplittableRandom(step++)).gradient()[0];
    }

    /** Runs both methods in one JVM fork each and prints seconds per step and the RGE/CGE ratio. */
    public static void main(String[] args) throws RunnerException {
        Options opt = new OptionsBuilder().include(EstimatorStepBenchmark.class.getName() + "\\.").build();
        Collection<RunResult> results = new Runner(opt).run();
        double cge = Double.NaN;
        double rge = Double.NaN;
        for (RunResult rr : results) {
            double s = rr.getPrimaryResult().getScore();
            if (rr.getParams().getParam("method").equals("cge")) {
                cge = s;
            } else {
                rge = s;
            }
        }
        System.out.printf(Locale.ROOT, "depth-1 CNN, one step at equal queries: CGE %.2f s, RGE %.2f s, RGE/CGE %.2f%n",
                cge, rge, rge / cge);
    }
}
