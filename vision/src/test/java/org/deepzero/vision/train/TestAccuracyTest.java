package org.deepzero.vision.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.deepzero.vision.data.ChannelStats;
import org.deepzero.vision.data.Cifar10;
import org.deepzero.vision.data.ImageSet;
import org.deepzero.vision.data.TestData;
import org.deepzero.vision.model.ModelSpec;
import org.deepzero.zo.nn.StagedModel;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Test accuracy with eval-mode batch norm classifies every image on its own. */
class TestAccuracyTest {

    @Test
    void evalModeResultsDoNotDependOnHowTheTestSetIsChunked() {
        StagedModel model = ModelSpec.cnn(1, 18).build(DataType.DOUBLE);
        double[] theta = model.initialParameters(3);
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < theta.length; i++) {
            theta[i] += 0.2 * r.nextGaussian(); // off the initial γ = 1, β = 0
        }
        ImageSet train = Cifar10.train(TestData.cifar10(), 120);
        ImageSet test = Cifar10.test(TestData.cifar10(), 90);
        ChannelStats stats = ChannelStats.CIFAR10;

        // one batch-norm layer, directly after the first convolution: its statistics do not depend on the
        // calibration chunking either, so the two evaluations must agree to rounding
        TestAccuracy.Result big = new TestAccuracy(model, test, train, stats, 90).evaluate(theta);
        TestAccuracy.Result small = new TestAccuracy(model, test, train, stats, 7).evaluate(theta);
        assertEquals(big.accuracy(), small.accuracy());
        assertEquals(big.loss(), small.loss(), 1e-12);
        assertEquals(90, big.images());

        // per-chunk statistics (no calibration) do depend on the chunking
        TestAccuracy.Result bigChunks = new TestAccuracy(model, test, null, stats, 90).evaluate(theta);
        TestAccuracy.Result smallChunks = new TestAccuracy(model, test, null, stats, 7).evaluate(theta);
        assertTrue(Math.abs(bigChunks.loss() - smallChunks.loss()) > 1e-4,
                bigChunks.loss() + " vs " + smallChunks.loss());
        assertFalse(new TestAccuracy(model, test, null, stats, 7).evalModeBatchNorm());
        assertTrue(new TestAccuracy(model, test, train, stats, 7).evalModeBatchNorm());
    }
}
