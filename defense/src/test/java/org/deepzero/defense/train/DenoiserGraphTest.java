package org.deepzero.defense.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.deepzero.defense.blackbox.VictimClassifier;
import org.deepzero.defense.denoise.Networks;
import org.deepzero.vision.data.ImageSet;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.Weights;
import org.deepzero.zo.objective.CrossEntropyLoss;
import org.deepzero.zo.param.ParameterSpace;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The first-order gradients of FO-DS (through F) and of ZO-AE-DS's back-propagation (through E and D)
 * against central differences of the same losses computed eagerly in float64.
 */
class DenoiserGraphTest {
    private static final double H = 1e-6;

    private static INDArray noisy(int b, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[b * ImageSet.IMAGE_BYTES];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble() + 0.25 * r.nextGaussian();
        }
        return Nd4j.create(x, new long[] {b, 3, 32, 32}, 'c');
    }

    /** D(x) = x + R(x) in float64. */
    private static INDArray denoise(StagedModel branch, Weights w, INDArray x) {
        return branch.withDataType(DataType.DOUBLE).forward(w, x, 1).add(x);
    }

    private static void checkCoordinates(double[] grad, double[] theta, ToDoubleFunction<double[]> loss, int every) {
        double scale = 0;
        for (double g : grad) {
            scale = Math.max(scale, Math.abs(g));
        }
        for (int i = 0; i < theta.length; i += every) {
            double[] p = theta.clone();
            p[i] += H;
            double up = loss.applyAsDouble(p);
            p[i] -= 2 * H;
            double fd = (up - loss.applyAsDouble(p)) / (2 * H);
            assertEquals(fd, grad[i], 1e-5 * scale + 1e-7, "coordinate " + i);
        }
    }

    @Test
    void foDsGradientMatchesCentralDifferencesThroughTheVictim() {
        VictimClassifier victim = QueryBudgetTest.tinyVictim(QueryBudgetTest.randomImages(20, 3));
        StagedModel branch = Networks.denoiserBranch(3, 3);
        double[] theta = branch.initialParameters(5);
        INDArray x = noisy(2, 6);
        int[] labels = {3, 8};
        DenoiserGraph graph = DenoiserGraph.throughClassifier(branch, victim, DataType.DOUBLE);
        CrossEntropyLoss ce = new CrossEntropyLoss(labels, ImageSet.CLASSES);
        StagedModel f = victim.model().withDataType(DataType.DOUBLE);
        double[] fTheta = victim.theta();
        INDArray mean = Nd4j.createFromArray(victim.channelMean()).castTo(DataType.DOUBLE);
        INDArray inv = Nd4j.createFromArray(victim.channelInverseStd()).castTo(DataType.DOUBLE);
        ToDoubleFunction<double[]> loss = t -> {
            INDArray h = denoise(branch, Weights.of(branch.space(), t, DataType.DOUBLE), x).dup('c');
            Broadcast.sub(h, mean, h, 1);
            Broadcast.mul(h, inv, h, 1);
            return ce.value(f.forward(fTheta, h));
        };
        DenoiserGraph.Result r = graph.lossAndGradient(theta, x, ce.targetTensor(DataType.DOUBLE));
        assertEquals(loss.applyAsDouble(theta), r.loss(), 1e-10);
        checkCoordinates(r.gradient(), theta, loss, 13);
    }

    @Test
    void zoAeBackPropagationIsTheChainRuleThroughEncoderAndDenoiser() {
        StagedModel branch = Networks.denoiserBranch(3, 2);
        StagedModel encoder = Networks.encoder(2);
        ParameterSpace space = Networks.concat(branch, encoder);
        SplittableRandom r = new SplittableRandom(9);
        double[] theta = new double[space.dimension()];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = 0.3 * r.nextGaussian();
        }
        INDArray x = noisy(2, 10);
        double[] g = new double[2 * Networks.LATENT];
        for (int i = 0; i < g.length; i++) {
            g[i] = r.nextGaussian();
        }
        INDArray upstream = Nd4j.create(g, new long[] {2, Networks.LATENT}, 'c');
        ToDoubleFunction<double[]> inner = t -> {
            Weights w = Weights.of(space, t, DataType.DOUBLE);
            INDArray z = encoder.withDataType(DataType.DOUBLE).forward(w, denoise(branch, w, x), 1);
            return z.reshape(2, Networks.LATENT).mul(upstream).sumNumber().doubleValue();
        };
        DenoiserGraph.Result res = DenoiserGraph.throughEncoder(branch, encoder, DataType.DOUBLE)
                .lossAndGradient(theta, x, upstream);
        assertEquals(inner.applyAsDouble(theta), res.loss(), 1e-9);
        checkCoordinates(res.gradient(), theta, inner, 11);
    }
}
