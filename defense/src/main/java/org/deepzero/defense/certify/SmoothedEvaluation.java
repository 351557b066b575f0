package org.deepzero.defense.certify;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.deepzero.vision.data.ImageSet;
import org.deepzero.common.Seeds;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * CERTIFY on every image of a test subset, images in parallel. The noise of image i comes from
 * (seed, i) alone, so every method is certified on the same noise draws (a paired comparison) and a
 * rerun reproduces the certificates.
 */
public final class SmoothedEvaluation {
    private SmoothedEvaluation() {
    }

    /**
     * @param images  {@code [N, 3, 32, 32]} [0, 1] pixels of the subset
     * @param indices their indices in the test split (noise seeds and the CSV)
     * @param labels  their classes
     */
    public static List<ImageCertificate> run(Certifier certifier, NoisyClassifier f, INDArray images, int[] indices,
                                             int[] labels, long seed, int threads) {
        return run(certifier, f, images, indices, labels, seed, threads, done -> { });
    }

    /** As above; {@code onDone} hears the number of images certified so far, from the worker threads. */
    public static List<ImageCertificate> run(Certifier certifier, NoisyClassifier f, INDArray images, int[] indices,
                                             int[] labels, long seed, int threads, IntConsumer onDone) {
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<ImageCertificate>> futures = new ArrayList<>();
            for (int k = 0; k < indices.length; k++) {
                int i = k;
                futures.add(pool.submit(() -> {
                    INDArray x = images.slice(i).dup('c');
                    Certificate c = certifier.certify(f, x, ImageSet.CLASSES, new SplittableRandom(Seeds.mix(seed, indices[i])));
                    onDone.accept(done.incrementAndGet());
                    return new ImageCertificate(indices[i], labels[i], c);
                }));
            }
            List<ImageCertificate> out = new ArrayList<>();
            for (Future<ImageCertificate> fu : futures) {
                out.add(fu.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("certification interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
