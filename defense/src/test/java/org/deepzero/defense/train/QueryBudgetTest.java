package org.deepzero.defense.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.deepzero.defense.blackbox.BlackBox;
import org.deepzero.defense.blackbox.VictimClassifier;
import org.deepzero.defense.denoise.Networks;
import org.deepzero.vision.data.ChannelStats;
import org.deepzero.vision.data.ImageSet;
import org.deepzero.vision.model.ModelSpec;
import org.deepzero.zo.prune.LayerRatios;
import org.deepzero.zo.prune.MaskSampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The black-box methods only query: DeepZero-DS and ZO-AE-DS receive a recording proxy of {@link BlackBox}
 * and no victim at all (null), call nothing but {@code logits} (and the counter), and spend exactly the
 * budget their estimators promise, counted image by image.
 */
class QueryBudgetTest {
    @TempDir
    Path dir;

    static ImageSet randomImages(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] pixels = new byte[n * ImageSet.IMAGE_BYTES];
        byte[] labels = new byte[n];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) r.nextInt(256);
        }
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % ImageSet.CLASSES);
        }
        return new ImageSet(pixels, labels);
    }

    /** A tiny victim: depth-1 CNN of width 4, random weights. */
    static VictimClassifier tinyVictim(ImageSet images) {
        ModelSpec spec = ModelSpec.cnn(1, 4);
        double[] theta = spec.build(org.nd4j.linalg.api.buffer.DataType.FLOAT).initialParameters(7);
        return VictimClassifier.of(spec, theta, images, ChannelStats.CIFAR10);
    }

    /** Records the names of the methods called on it, delegating to {@code target}. */
    static BlackBox recording(BlackBox target, Set<String> called, AtomicLong images) {
        return (BlackBox) Proxy.newProxyInstance(BlackBox.class.getClassLoader(), new Class<?>[] {BlackBox.class},
                (proxy, method, args) -> {
                    called.add(method.getName());
                    if (method.getName().equals("logits")) {
                        images.addAndGet(((INDArray) args[0]).size(0));
                    }
                    return method.invoke(target, args);
                });
    }

    private DefenseConfig config(Path out) {
        // batch 3, 2 steps, 10 coordinates per step, ZO-GraSP with 4 directions, tiny denoiser and encoder
        return new DefenseConfig(dir, dir.resolve("victim.params"), ModelSpec.cnn(1, 4), out, 0.25, 3, 40, 20, 4, 3, 1,
                4, 1e-3, 2, 3, 1e-3, 5e-3, 10, 1, 4, 2, 1, 2);
    }

    @Test
    void deepZeroDsQueriesOnlyLogitsWithinItsBudget() throws Exception {
        ImageSet images = randomImages(40, 1);
        VictimClassifier victim = tinyVictim(images);
        Set<String> called = ConcurrentHashMap.newKeySet();
        AtomicLong seen = new AtomicLong();
        BlackBox box = recording(victim.asBlackBox(), called, seen);
        DefenseConfig c = config(dir.resolve("dz"));
        DefenseTraining t = new DefenseTraining(c, images, false, List.of());
        DefenseTraining.Trained r = t.train(DefenseMethod.DEEPZERO, box, null);

        int b = c.batch();
        int g = c.graspQueries();
        LayerRatios ratios = LayerRatios.load(c.out().resolve("train-deepzero/ratios.txt"));
        int m = new MaskSampler(t.branch().space(), ratios, c.seed(), c.maskEvery()).maskSize();
        assertTrue(m >= 9 && m <= 11, "mask of " + m + " coordinates for a budget of 10");
        // ZO-GraSP: labels of batch 0, then two RGE estimates of g + 1 evaluations;
        // each step: labels of its batch, then sparse CGE's m + 1 evaluations, every one of all B images
        long expected = b + 2L * (g + 1) * b + c.steps() * ((long) b + (long) (m + 1) * b);
        assertEquals(expected, seen.get());
        assertEquals(expected, r.blackBoxQueries());
        assertEquals(Set.of("logits", "queries"), called);
    }

    @Test
    void zoAeDsQueriesOnlyLogitsWithinItsBudget() throws Exception {
        ImageSet images = randomImages(40, 2);
        VictimClassifier victim = tinyVictim(images);
        for (DefenseMethod method : new DefenseMethod[] {DefenseMethod.ZO_AE, DefenseMethod.ZO_AE_CGE}) {
            Set<String> called = ConcurrentHashMap.newKeySet();
            AtomicLong seen = new AtomicLong();
            BlackBox box = recording(victim.asBlackBox(), called, seen);
            DefenseConfig c = config(dir.resolve("ae"));
            DefenseTraining.Trained r = new DefenseTraining(c, images, false, List.of()).train(method, box, null);
            int k = method == DefenseMethod.ZO_AE ? c.coordinates() : Networks.LATENT;
            long expected = c.steps() * ((long) c.batch() + (long) (k + 1) * c.batch());
            assertEquals(expected, seen.get(), method.id());
            assertEquals(expected, r.blackBoxQueries(), method.id());
            assertEquals(Set.of("logits", "queries"), called, method.id());
        }
    }
}
