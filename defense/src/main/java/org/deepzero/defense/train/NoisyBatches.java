package org.deepzero.defense.train;

import java.util.SplittableRandom;
import org.deepzero.vision.data.ImageSet;
import org.deepzero.common.Seeds;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training mini-batches of the defense: for step s, {@code batch} training images drawn without
 * replacement and their noisy copies x + δ, δ ~ N(0, σ²I), all from (seed, s) alone, so that a resumed
 * run replays the same batches. Pixels are on the [0, 1] scale. Immutable.
 */
public final class NoisyBatches {
    // keeps the batch stream apart from the trainer's own (seed, step) stream
    private static final long SALT = 0x6e6f697379L;

    private final ImageSet images;
    private final double sigma;
    private final int batch;
    private final long seed;

    /** A clean batch and its noisy copy, both {@code [B, 3, 32, 32]} float. */
    public record NoisyBatch(INDArray clean, INDArray noisy) {
    }

    public NoisyBatches(ImageSet images, double sigma, int batch, long seed) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be finite and > 0, got " + sigma);
        }
        if (batch < 1 || batch > images.size()) {
            throw new IllegalArgumentException("batch must lie in [1, " + images.size() + "], got " + batch);
        }
        this.images = images;
        this.sigma = sigma;
        this.batch = batch;
        this.seed = seed;
    }

    public int batchSize() {
        return batch;
    }

    /** The batch of step {@code step}. */
    public NoisyBatch batch(int step) {
        SplittableRandom r = new SplittableRandom(Seeds.mix(seed ^ SALT, step));
        int[] idx = r.ints(0, images.size()).distinct().limit(batch).toArray();
        float[] clean = pixels(images.subset(idx));
        float[] noisy = new float[clean.length];
        for (int i = 0; i < clean.length; i++) {
            noisy[i] = (float) (clean[i] + sigma * r.nextGaussian());
        }
        long[] shape = {batch, ImageSet.CHANNELS, ImageSet.SIDE, ImageSet.SIDE};
        return new NoisyBatch(Nd4j.create(clean, shape, 'c'), Nd4j.create(noisy, shape, 'c'));
    }

    /** Raw bytes to [0, 1] floats, NCHW in C order. */
    public static float[] pixels(ImageSet set) {
        float[] x = new float[set.size() * ImageSet.IMAGE_BYTES];
        byte[] raw = new byte[ImageSet.IMAGE_BYTES];
        for (int i = 0; i < set.size(); i++) {
            set.copyImage(i, raw, 0);
            for (int k = 0; k < raw.length; k++) {
                x[i * ImageSet.IMAGE_BYTES + k] = (raw[k] & 0xFF) / 255f;
            }
        }
        return x;
    }

    /** A set as one {@code [N, 3, 32, 32]} float array of [0, 1] pixels. */
    public static INDArray tensor(ImageSet set) {
        return Nd4j.create(pixels(set), new long[] {set.size(), ImageSet.CHANNELS, ImageSet.SIDE, ImageSet.SIDE}, 'c');
    }
}
