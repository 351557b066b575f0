package org.deepzero.vision.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Labelled 32x32 RGB images, as raw bytes in the CIFAR-10 layout: image {@code i} occupies
 * {@code pixels[i*3072 .. (i+1)*3072)}, channel-major (R plane, G plane, B plane), each plane row-major.
 * Immutable: arrays are copied in and never handed out.
 */
public final class ImageSet {
    /** Image side in pixels. */
    public static final int SIDE = 32;
    /** Colour channels (R, G, B). */
    public static final int CHANNELS = 3;
    /** Pixels of one plane. */
    public static final int PLANE = SIDE * SIDE;
    /** Bytes of one image, without the label. */
    public static final int IMAGE_BYTES = CHANNELS * PLANE;
    /** Number of classes. */
    public static final int CLASSES = 10;

    private final byte[] pixels;
    private final byte[] labels;

    /**
     * @param pixels {@code labels.length * 3072} unsigned bytes
     * @param labels one class index 0..9 per image
     */
    public ImageSet(byte[] pixels, byte[] labels) {
        this(pixels.clone(), labels.clone(), true);
    }

    private ImageSet(byte[] pixels, byte[] labels, boolean owned) {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        if (pixels.length != labels.length * IMAGE_BYTES) {
            throw new IllegalArgumentException("pixel bytes " + pixels.length + " do not fit "
                    + labels.length + " images of " + IMAGE_BYTES + " bytes");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= CLASSES) {
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i + " outside 0.." + (CLASSES - 1));
            }
        }
        this.pixels = pixels;
        this.labels = labels;
    }

    /** Wraps arrays the caller gives up (package-private: the reader builds them once). */
    static ImageSet adopt(byte[] pixels, byte[] labels) {
        return new ImageSet(pixels, labels, true);
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** Class index of image {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** All labels, a copy. */
    public int[] labels() {
        int[] out = new int[labels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = labels[i];
        }
        return out;
    }

    /** Pixel value 0..255 of image {@code i}, channel {@code c}, row {@code y}, column {@code x}. */
    public int pixel(int i, int c, int y, int x) {
        return pixels[i * IMAGE_BYTES + c * PLANE + y * SIDE + x] & 0xFF;
    }

    /** Copies the 3072 raw bytes of image {@code i} into {@code dst} at {@code offset}. */
    public void copyImage(int i, byte[] dst, int offset) {
        System.arraycopy(pixels, i * IMAGE_BYTES, dst, offset, IMAGE_BYTES);
    }

    /** Number of images of each class. */
    public int[] classCounts() {
        int[] counts = new int[CLASSES];
        for (byte l : labels) {
            counts[l]++;
        }
        return counts;
    }

    /** The images at {@code indices}, in that order (repeats allowed). */
    public ImageSet subset(int[] indices) {
        byte[] p = new byte[indices.length * IMAGE_BYTES];
        byte[] l = new byte[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= labels.length) {
                throw new IndexOutOfBoundsException("image index " + i + " outside [0, " + labels.length + ")");
            }
            System.arraycopy(pixels, i * IMAGE_BYTES, p, k * IMAGE_BYTES, IMAGE_BYTES);
            l[k] = labels[i];
        }
        return new ImageSet(p, l, true);
    }

    /** The first {@code n} images (all if fewer). */
    public ImageSet first(int n) {
        int m = Math.min(n, labels.length);
        return new ImageSet(Arrays.copyOf(pixels, m * IMAGE_BYTES), Arrays.copyOf(labels, m), true);
    }

    @Override
    public String toString() {
        return "ImageSet[" + size() + " images, per class " + Arrays.toString(classCounts()) + "]";
    }
}
