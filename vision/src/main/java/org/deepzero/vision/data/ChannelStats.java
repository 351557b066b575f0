package org.deepzero.vision.data;

import java.util.Arrays;

/**
 * Per-channel mean and standard deviation of pixel values scaled to [0, 1], used to normalise
 * inputs as {@code (p/255 - mean[c]) / std[c]} (torchvision's {@code ToTensor} then {@code Normalize}).
 * The standard deviation is over all pixels of a channel across the set, which gives the well-known
 * CIFAR-10 values {@link #CIFAR10}. Immutable.
 */
public final class ChannelStats {
    /** Published statistics of the 50,000 CIFAR-10 training images. */
    public static final ChannelStats CIFAR10 = new ChannelStats(
            new double[] {0.4914, 0.4822, 0.4465}, new double[] {0.2470, 0.2435, 0.2616});

    private final double[] mean;
    private final double[] std;
    // normalised value of every byte per channel: normalising a batch is then a table look-up
    private final float[][] table;

    public ChannelStats(double[] mean, double[] std) {
        if (mean.length != ImageSet.CHANNELS || std.length != ImageSet.CHANNELS) {
            throw new IllegalArgumentException("need " + ImageSet.CHANNELS + " means and stds, got "
                    + mean.length + " and " + std.length);
        }
        for (double s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("standard deviation must be positive, got " + Arrays.toString(std));
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
        this.table = new float[ImageSet.CHANNELS][256];
        for (int c = 0; c < ImageSet.CHANNELS; c++) {
            for (int v = 0; v < 256; v++) {
                table[c][v] = (float) ((v / 255.0 - mean[c]) / std[c]);
            }
        }
    }

    /** Mean and (population) standard deviation of each channel over all pixels of {@code set}. */
    public static ChannelStats of(ImageSet set) {
        if (set.size() == 0) {
            throw new IllegalArgumentException("cannot compute channel statistics of an empty image set");
        }
        // exact integer histograms: no rounding drift over 51 million pixels
        long[][] hist = new long[ImageSet.CHANNELS][256];
        byte[] image = new byte[ImageSet.IMAGE_BYTES];
        for (int i = 0; i < set.size(); i++) {
            set.copyImage(i, image, 0);
            for (int c = 0; c < ImageSet.CHANNELS; c++) {
                long[] h = hist[c];
                for (int k = c * ImageSet.PLANE; k < (c + 1) * ImageSet.PLANE; k++) {
                    h[image[k] & 0xFF]++;
                }
            }
        }
        double[] mean = new double[ImageSet.CHANNELS];
        double[] std = new double[ImageSet.CHANNELS];
        double n = (double) set.size() * ImageSet.PLANE;
        for (int c = 0; c < ImageSet.CHANNELS; c++) {
            double sum = 0;
            for (int v = 0; v < 256; v++) {
                sum += hist[c][v] * (v / 255.0);
            }
            mean[c] = sum / n;
            double sq = 0;
            for (int v = 0; v < 256; v++) {
                double d = v / 255.0 - mean[c];
                sq += hist[c][v] * d * d;
            }
            std[c] = Math.sqrt(sq / n);
        }
        return new ChannelStats(mean, std);
    }

    /** Mean of each channel, a copy. */
    public double[] mean() {
        return mean.clone();
    }

    /** Standard deviation of each channel, a copy. */
    public double[] std() {
        return std.clone();
    }

    /** The normalised value of raw pixel {@code value} (0..255) in channel {@code channel}. */
    public float normalize(int channel, int value) {
        return table[channel][value];
    }

    @Override
    public String toString() {
        return "ChannelStats[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
