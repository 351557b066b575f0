package org.deepzero.vision.data;

import org.deepzero.common.Seeds;
import java.util.SplittableRandom;

/**
 * Seeded shuffling and batching of a training set, epoch by epoch, with augmentation.
 * <p>
 * The order of epoch {@code e} and the augmentation of its batch {@code b} come from generators seeded
 * by {@code (seed, e)} and {@code (seed, e, b)} alone, so any batch can be rebuilt after a resume
 * without replaying the ones before it. The last partial batch of an epoch is kept. Immutable.
 */
public final class BatchSampler {
    private final ImageSet images;
    private final ChannelStats stats;
    private final Augmentation augmentation;
    private final int batchSize;
    private final long seed;

    /**
     * @param images       the training set
     * @param stats        normalisation
     * @param augmentation applied to every drawn batch ({@link Augmentation#NONE} for none)
     * @param batchSize    images per batch, at least 1
     * @param seed         seed of shuffling and augmentation
     */
    public BatchSampler(ImageSet images, ChannelStats stats, Augmentation augmentation, int batchSize, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (images.size() == 0) {
            throw new IllegalArgumentException("cannot draw batches from an empty image set");
        }
        this.images = images;
        this.stats = stats;
        this.augmentation = augmentation;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    /** Number of batches in one epoch (the last may be smaller). */
    public int batchesPerEpoch() {
        return (images.size() + batchSize - 1) / batchSize;
    }

    /** The image indices of every batch of {@code epoch}: a seeded permutation cut into batches. */
    public int[][] order(int epoch) {
        int n = images.size();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        SplittableRandom r = new SplittableRandom(Seeds.mix(seed, epoch));
        for (int i = n - 1; i > 0; i--) { // Fisher-Yates
            int j = r.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[][] out = new int[batchesPerEpoch()][];
        for (int b = 0; b < out.length; b++) {
            int from = b * batchSize;
            int to = Math.min(n, from + batchSize);
            out[b] = java.util.Arrays.copyOfRange(perm, from, to);
        }
        return out;
    }

    /** Batch {@code b} of {@code epoch}, augmented and normalised. */
    public Batch batch(int epoch, int b) {
        int[][] order = order(epoch);
        if (b < 0 || b >= order.length) {
            throw new IndexOutOfBoundsException("batch " + b + " outside [0, " + order.length + ")");
        }
        return batch(epoch, b, order[b]);
    }

    /** The batch of the given indices, augmented as batch {@code b} of {@code epoch} is. */
    public Batch batch(int epoch, int b, int[] indices) {
        SplittableRandom r = new SplittableRandom(Seeds.mix(Seeds.mix(seed ^ 0x5DEECE66DL, epoch), b));
        return Batch.of(augmentation.apply(images.subset(indices), r), stats);
    }
}
