package org.deepzero.vision.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Shuffling, batching, normalisation and class-balanced sampling on 300 real images. */
class BatchSamplerTest {
    private static ImageSet IMAGES;

    @BeforeAll
    static void load() {
        // in @BeforeAll, not a static initialiser: a missing data set then skips (or fails under CI) cleanly
        IMAGES = Cifar10.train(TestData.cifar10(), 300);
    }

    @Test
    void everyEpochIsASeededPermutationCutIntoBatches() {
        BatchSampler s = new BatchSampler(IMAGES, ChannelStats.CIFAR10, Augmentation.STANDARD, 64, 42);
        assertEquals(5, s.batchesPerEpoch());
        int[][] order = s.order(0);
        assertEquals(44, order[4].length);
        Set<Integer> all = new HashSet<>();
        for (int[] b : order) {
            for (int i : b) {
                assertTrue(all.add(i), "index " + i + " twice");
            }
        }
        assertEquals(300, all.size());
        assertTrue(Arrays.deepEquals(order, new BatchSampler(IMAGES, ChannelStats.CIFAR10, Augmentation.NONE, 64, 42).order(0)));
        assertFalse(Arrays.deepEquals(order, s.order(1)));
        assertFalse(Arrays.deepEquals(order, new BatchSampler(IMAGES, ChannelStats.CIFAR10, Augmentation.NONE, 64, 43).order(0)));
        assertArrayEquals(s.batch(2, 3).pixels(), s.batch(2, 3).pixels(), "a batch is rebuilt identically");
    }

    @Test
    void batchIsNormalisedNchw() {
        BatchSampler s = new BatchSampler(IMAGES, ChannelStats.CIFAR10, Augmentation.NONE, 16, 1);
        int[] idx = s.order(0)[0];
        Batch b = s.batch(0, 0);
        INDArray x = b.features(DataType.DOUBLE);
        assertArrayEquals(new long[] {16, 3, 32, 32}, x.shape());
        for (int k = 0; k < 16; k += 5) {
            assertEquals(IMAGES.label(idx[k]), b.label(k));
            for (int c = 0; c < 3; c++) {
                int raw = IMAGES.pixel(idx[k], c, 7, 19);
                double expected = (raw / 255.0 - ChannelStats.CIFAR10.mean()[c]) / ChannelStats.CIFAR10.std()[c];
                assertEquals(expected, x.getDouble(k, c, 7, 19), 1e-6);
            }
        }
        INDArray y = b.oneHot(DataType.FLOAT);
        assertEquals(16.0, y.sumNumber().doubleValue(), 0);
        assertEquals(1.0, y.getDouble(3, b.label(3)), 0);
    }

    @Test
    void classBalancedSampleHasExactlyKPerClass() {
        int[] idx = ClassBalancedSampler.sample(IMAGES, 5, 9);
        assertEquals(50, idx.length);
        assertEquals(50, Arrays.stream(idx).distinct().count());
        int[] counts = IMAGES.subset(idx).classCounts();
        int[] five = new int[10];
        Arrays.fill(five, 5);
        assertArrayEquals(five, counts);
        assertArrayEquals(idx, ClassBalancedSampler.sample(IMAGES, 5, 9));
        assertFalse(Arrays.equals(idx, ClassBalancedSampler.sample(IMAGES, 5, 10)));
    }
}
