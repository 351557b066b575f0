package org.deepzero.vision.train;

import org.deepzero.vision.data.Batch;
import org.deepzero.vision.data.ChannelStats;
import org.deepzero.vision.data.ImageSet;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.Weights;
import org.deepzero.zo.objective.CrossEntropyLoss;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Accuracy and mean cross-entropy of a model on a held-out set, evaluated in chunks.
 * <p>
 * The engine's batch norm has no running statistics (it always normalises with the statistics of
 * the batch in hand), so each chunk is normalised with its own statistics; chunks are therefore kept
 * large (default 500 images) and the same for every evaluation, which makes accuracies of different
 * epochs and methods comparable. Immutable.
 */
public final class TestAccuracy {
    private final StagedModel model;
    private final Batch[] chunks;
    private final int images;

    /**
     * @param chunkSize images per forward pass; also the batch-norm statistics window
     */
    public TestAccuracy(StagedModel model, ImageSet test, ChannelStats stats, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be >= 1, got " + chunkSize);
        }
        this.model = model;
        this.images = test.size();
        int count = (images + chunkSize - 1) / chunkSize;
        this.chunks = new Batch[count];
        for (int c = 0; c < count; c++) {
            int from = c * chunkSize;
            int to = Math.min(images, from + chunkSize);
            int[] idx = new int[to - from];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = from + i;
            }
            chunks[c] = Batch.of(test.subset(idx), stats);
        }
    }

    /** Result of one evaluation. */
    public record Result(double accuracy, double loss, int images) {
    }

    /** Accuracy (fraction in [0, 1]) and mean loss at {@code theta}. */
    public Result evaluate(double[] theta) {
        Weights w = model.weights(theta);
        long hits = 0;
        double lossSum = 0;
        for (Batch b : chunks) {
            INDArray logits = model.forward(w, b.features(model.dataType()), 1);
            int[] labels = b.labels();
            hits += correct(logits, labels);
            lossSum += new CrossEntropyLoss(labels, ImageSet.CLASSES).value(logits) * labels.length;
        }
        return new Result((double) hits / images, lossSum / images, images);
    }

    /** Number of rows whose largest logit is at the label (the first maximum on ties). */
    static int correct(INDArray logits, int[] labels) {
        int classes = (int) logits.size(1);
        double[] z = logits.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int hits = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (z[i * classes + c] > z[i * classes + best]) {
                    best = c;
                }
            }
            if (best == labels[i]) {
                hits++;
            }
        }
        return hits;
    }
}
