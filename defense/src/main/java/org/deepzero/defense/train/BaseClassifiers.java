package org.deepzero.defense.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deepzero.defense.blackbox.BlackBox;
import org.deepzero.defense.certify.NoisyClassifier;
import org.deepzero.defense.denoise.Denoiser;
import org.deepzero.defense.denoise.Networks;
import org.deepzero.vision.data.ImageSet;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.Weights;
import org.deepzero.common.Seeds;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The base classifier that randomized smoothing certifies, per method: F alone (none), F ∘ D (MSE,
 * DeepZero-DS, FO-DS), or F ∘ Dec ∘ E ∘ D (ZO-AE-DS). Denoiser batch norm is in eval mode, calibrated on
 * noisy training images at the trained θ.
 */
public final class BaseClassifiers {
    private static final long CALIBRATION_SALT = 0x63616cL;

    private BaseClassifiers() {
    }

    /**
     * @param calibration clean training images whose noisy copies calibrate the denoiser's batch norm
     */
    public static NoisyClassifier of(DefenseTraining.Trained t, StagedModel branch, int encoderWidth, BlackBox blackBox,
                                     ImageSet calibration, double sigma, long seed) {
        if (t.method() == DefenseMethod.NONE) {
            return x -> StabilityLoss.argmax(blackBox.logits(x));
        }
        Denoiser d = Denoiser.of(branch, t.theta(), noisyChunks(calibration, sigma, seed));
        if (!t.method().usesAutoencoder()) {
            return x -> StabilityLoss.argmax(blackBox.logits(d.apply(x)));
        }
        int r = branch.space().dimension();
        NoisyClassifier ae = throughAutoencoder(java.util.Arrays.copyOfRange(t.theta(), r, t.theta().length),
                t.decoderTheta(), encoderWidth, blackBox);
        return x -> ae.classify(d.apply(x));
    }

    /** F behind the autoencoder alone: x ↦ argmax F(Dec(Enc(x))), given the encoder's and decoder's parameters. */
    public static NoisyClassifier throughAutoencoder(double[] encoderTheta, double[] decoderTheta, int encoderWidth,
                                                     BlackBox blackBox) {
        StagedModel encoder = Networks.encoder(encoderWidth);
        StagedModel decoder = Networks.decoder();
        Weights ew = encoder.weights(encoderTheta);
        Weights dw = decoder.weights(decoderTheta);
        return x -> {
            INDArray z = encoder.forward(ew, x, 1);
            INDArray pixels = decoder.forward(dw, z, 1).reshape(x.size(0), ImageSet.CHANNELS, ImageSet.SIDE, ImageSet.SIDE);
            return StabilityLoss.argmax(blackBox.logits(pixels));
        };
    }

    /** Noisy copies of the calibration images in chunks of 500. */
    static List<INDArray> noisyChunks(ImageSet images, double sigma, long seed) {
        SplittableRandom r = new SplittableRandom(Seeds.mix(seed, CALIBRATION_SALT));
        float[] x = NoisyBatches.pixels(images);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (x[i] + sigma * r.nextGaussian());
        }
        List<INDArray> chunks = new ArrayList<>();
        int per = ImageSet.IMAGE_BYTES;
        for (int from = 0; from < images.size(); from += 500) {
            int n = Math.min(500, images.size() - from);
            float[] part = java.util.Arrays.copyOfRange(x, from * per, (from + n) * per);
            chunks.add(Nd4j.create(part, new long[] {n, ImageSet.CHANNELS, ImageSet.SIDE, ImageSet.SIDE}, 'c'));
        }
        return chunks;
    }
}
