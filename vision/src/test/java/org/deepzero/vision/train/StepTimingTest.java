package org.deepzero.vision.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.deepzero.vision.data.Augmentation;
import org.deepzero.vision.data.BatchSampler;
import org.deepzero.vision.data.ChannelStats;
import org.deepzero.vision.data.Cifar10;
import org.deepzero.vision.data.TestData;
import org.deepzero.vision.model.ModelSpec;
import org.deepzero.zo.autodiff.AutodiffGradient;
import org.deepzero.zo.estimate.Cge;
import org.deepzero.zo.estimate.Difference;
import org.deepzero.zo.estimate.GradientEstimator;
import org.deepzero.zo.estimate.Rge;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.objective.StagedObjective;
import org.deepzero.zo.query.LocalQueryExecutor;
import org.hipparchus.linear.ArrayRealVector;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Wall time of one CGE step and one RGE (q = d) step on the depth-1 CNN, batch 128, measured
 * alternately in one JVM so that load from other processes hits both alike, and the cosine
 * similarity of each estimate with the autodiff gradient on the same batch. An experiment, not a
 * check of correctness: tagged slow, prints its numbers (see vision/RESULTS.md).
 */
@Tag("slow")
class StepTimingTest {

    @Test
    void cgeStepIsCheaperThanRgeWithAsManyQueries() {
        StagedModel model = ModelSpec.cnn(1, 18).build(DataType.FLOAT);
        int d = model.space().dimension();
        BatchSampler sampler = new BatchSampler(Cifar10.train(TestData.cifar10(), 4096), ChannelStats.CIFAR10,
                Augmentation.STANDARD, 128, 0);
        double[] theta = model.initialParameters(0);
        GradientEstimator cge = Cge.of(5e-3, Difference.FORWARD);
        GradientEstimator rge = new Rge(d, 5e-3, Rge.Directions.UNIT_SPHERE);
        double cgeTotal = 0;
        double rgeTotal = 0;
        double cgeCos = 0;
        double rgeCos = 0;
        AutodiffGradient autodiff = new AutodiffGradient(model, DataType.FLOAT);
        int rounds = 3;
        try (LocalQueryExecutor executor = LocalQueryExecutor.serial()) {
            time(cge, VisionTraining.objective(model, sampler.batch(0, 0)), theta, executor); // warm-up
            for (int r = 0; r < rounds; r++) {
                StagedObjective objective = VisionTraining.objective(model, sampler.batch(0, r + 1));
                double[] exact = autodiff.lossAndGradient(theta, objective.input(), objective.loss()).gradient();
                long t0 = System.nanoTime();
                double[] c = cge.estimate(objective, theta, executor, new SplittableRandom(r)).gradient();
                long t1 = System.nanoTime();
                double[] g = rge.estimate(VisionTraining.objective(model, sampler.batch(0, r + 1)), theta, executor,
                        new SplittableRandom(r)).gradient();
                long t2 = System.nanoTime();
                cgeTotal += (t1 - t0) * 1e-9;
                rgeTotal += (t2 - t1) * 1e-9;
                cgeCos += cosine(c, exact) / rounds;
                rgeCos += cosine(g, exact) / rounds;
            }
        }
        System.out.printf("depth-1 CNN, batch 128, %d queries a step: CGE %.2f s, RGE %.2f s per step (mean of %d), "
                + "RGE/CGE %.2f%n", d + 1, cgeTotal / rounds, rgeTotal / rounds, rounds, rgeTotal / cgeTotal);
        System.out.printf("cosine similarity with the autodiff gradient (mean of %d): CGE %.4f, RGE %.4f%n",
                rounds, cgeCos, rgeCos);
        assertTrue(cgeTotal < rgeTotal, "CGE with feature reuse is cheaper per step");
        assertTrue(cgeCos > rgeCos, "CGE is the more accurate estimate");
    }

    private static double cosine(double[] a, double[] b) {
        return new ArrayRealVector(a, false).cosine(new ArrayRealVector(b, false));
    }

    private static double time(GradientEstimator e, StagedObjective objective, double[] theta,
                               LocalQueryExecutor executor) {
        long t0 = System.nanoTime();
        e.estimate(objective, theta, executor, new SplittableRandom(1));
        return (System.nanoTime() - t0) * 1e-9;
    }
}
