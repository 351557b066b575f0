package org.deepzero.vision.data;

import org.deepzero.common.InputException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws the same number of images from every class, without replacement and seeded: the
 * class-balanced mini-batch on which GraSP and ZO-GraSP score weights (25 images per class in DeepZero).
 */
public final class ClassBalancedSampler {
    private ClassBalancedSampler() {
    }

    /**
     * Indices of {@code perClass} images of each class, grouped by class 0..9 in the order drawn.
     *
     * @throws InputException if a class has fewer than {@code perClass} images (too few training images
     *                        for the images per class asked for)
     */
    public static int[] sample(ImageSet images, int perClass, long seed) {
        if (perClass < 1) {
            throw new IllegalArgumentException("images per class must be at least 1, got " + perClass);
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < ImageSet.CLASSES; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < images.size(); i++) {
            byClass.get(images.label(i)).add(i);
        }
        SplittableRandom r = new SplittableRandom(seed);
        int[] out = new int[perClass * ImageSet.CLASSES];
        int k = 0;
        for (int c = 0; c < ImageSet.CLASSES; c++) {
            List<Integer> pool = byClass.get(c);
            if (pool.size() < perClass) {
                throw new InputException("class " + c + " (" + Cifar10.CLASS_NAMES.get(c) + ") has "
                        + pool.size() + " images, fewer than the " + perClass + " per class asked for");
            }
            // partial Fisher-Yates: the first perClass entries become a uniform sample
            for (int j = 0; j < perClass; j++) {
                int pick = j + r.nextInt(pool.size() - j);
                Integer t = pool.get(j);
                pool.set(j, pool.get(pick));
                pool.set(pick, t);
                out[k++] = pool.get(j);
            }
        }
        return out;
    }
}
