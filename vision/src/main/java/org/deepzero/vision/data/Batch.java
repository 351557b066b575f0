package org.deepzero.vision.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A normalised mini-batch: images in NCHW order ({@code [n, 3, 32, 32]}) as floats, with their
 * labels. Immutable: arrays are copied on the way in and out.
 */
public final class Batch {
    private final float[] images;
    private final int[] labels;

    private Batch(float[] images, int[] labels) {
        this.images = images;
        this.labels = labels;
    }

    /** Normalises every image of {@code set} with {@code stats}; the batch holds all of {@code set}. */
    public static Batch of(ImageSet set, ChannelStats stats) {
        int n = set.size();
        float[] x = new float[n * ImageSet.IMAGE_BYTES];
        byte[] raw = new byte[ImageSet.IMAGE_BYTES];
        for (int i = 0; i < n; i++) {
            set.copyImage(i, raw, 0);
            int base = i * ImageSet.IMAGE_BYTES;
            for (int k = 0; k < ImageSet.IMAGE_BYTES; k++) {
                x[base + k] = stats.normalize(k / ImageSet.PLANE, raw[k] & 0xFF);
            }
        }
        return new Batch(x, set.labels());
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** Labels 0..9, a copy. */
    public int[] labels() {
        return labels.clone();
    }

    /** Label of image {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** Normalised pixels in NCHW order, a copy. */
    public float[] pixels() {
        return images.clone();
    }

    /** The images as a new {@code [n, 3, 32, 32]} array of the given type (FLOAT or DOUBLE). */
    public INDArray features(DataType type) {
        INDArray f = Nd4j.create(images, new long[] {labels.length, ImageSet.CHANNELS, ImageSet.SIDE, ImageSet.SIDE}, 'c');
        return type == DataType.FLOAT ? f : f.castTo(type);
    }

    /** One-hot labels as a new {@code [n, 10]} array of the given type. */
    public INDArray oneHot(DataType type) {
        INDArray y = Nd4j.zeros(type, labels.length, ImageSet.CLASSES);
        for (int i = 0; i < labels.length; i++) {
            y.putScalar(i, labels[i], 1.0);
        }
        return y;
    }
}
