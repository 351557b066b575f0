package org.deepzero.vision.data;

import java.util.SplittableRandom;

/**
 * The standard CIFAR-10 training augmentation: a random 32x32 crop of the image padded by
 * {@code padding} pixels on every side, then a horizontal flip with probability 1/2 (torchvision's
 * {@code RandomCrop(32, padding=4)} and {@code RandomHorizontalFlip()}). It works on raw bytes before
 * normalisation, so padding pixels are black (0), as in the reference pipeline. Immutable.
 *
 * @param padding zero padding on each side; the crop offset is uniform in {@code [0, 2*padding]}
 * @param flip    whether to flip horizontally with probability 1/2
 */
public record Augmentation(int padding, boolean flip) {
    /** No change. */
    public static final Augmentation NONE = new Augmentation(0, false);
    /** DeepZero's (and the usual) CIFAR-10 training augmentation: 4-pixel padding, random flip. */
    public static final Augmentation STANDARD = new Augmentation(4, true);

    public Augmentation {
        if (padding < 0 || padding >= ImageSet.SIDE) {
            throw new IllegalArgumentException("padding must lie in [0, " + ImageSet.SIDE + "), got " + padding);
        }
    }

    /** Whether this augmentation changes anything. */
    public boolean isIdentity() {
        return padding == 0 && !flip;
    }

    /**
     * A randomly augmented copy of {@code images}; draws, per image in order, the row offset, the
     * column offset and the flip, so the result depends only on the generator's state.
     */
    public ImageSet apply(ImageSet images, SplittableRandom random) {
        if (isIdentity()) {
            return images;
        }
        int n = images.size();
        byte[] src = new byte[ImageSet.IMAGE_BYTES];
        byte[] out = new byte[n * ImageSet.IMAGE_BYTES];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int dy = random.nextInt(2 * padding + 1) - padding;
            int dx = random.nextInt(2 * padding + 1) - padding;
            boolean mirror = flip && random.nextBoolean();
            images.copyImage(i, src, 0);
            transform(src, out, i * ImageSet.IMAGE_BYTES, dy, dx, mirror);
            labels[i] = (byte) images.label(i);
        }
        return ImageSet.adopt(out, labels);
    }

    /**
     * The geometry, exposed for tests: output pixel (y, x) is input pixel (y + dy, x' + dx) with
     * x' = 31 - x when mirrored (flip after crop), and 0 where that falls outside the image.
     *
     * @param src one image, 3072 bytes
     * @param dy  crop row shift in {@code [-padding, padding]}
     * @param dx  crop column shift in {@code [-padding, padding]}
     */
    public static void transform(byte[] src, byte[] dst, int dstOffset, int dy, int dx, boolean mirror) {
        int s = ImageSet.SIDE;
        for (int c = 0; c < ImageSet.CHANNELS; c++) {
            int plane = c * ImageSet.PLANE;
            for (int y = 0; y < s; y++) {
                int sy = y + dy;
                for (int x = 0; x < s; x++) {
                    int sx = (mirror ? s - 1 - x : x) + dx;
                    boolean inside = sy >= 0 && sy < s && sx >= 0 && sx < s;
                    dst[dstOffset + plane + y * s + x] = inside ? src[plane + sy * s + sx] : 0;
                }
            }
        }
    }
}
