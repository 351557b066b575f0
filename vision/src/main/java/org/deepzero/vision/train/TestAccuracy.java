package org.deepzero.vision.train;

import org.deepzero.vision.data.Batch;
import org.deepzero.vision.data.ChannelStats;
import org.deepzero.vision.data.ImageSet;
import java.util.ArrayList;
import java.util.List;
import org.deepzero.zo.nn.BatchNormStatistics;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.Weights;
import org.deepzero.zo.objective.CrossEntropyLoss;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Accuracy and mean cross-entropy of a model on a held-out set, evaluated in chunks.
 * <p>
 * Batch norm runs in eval mode: at each evaluated θ the population statistics of every batch-norm
 * layer are estimated on a fixed set of calibration images from the training data (no augmentation;
 * see {@link BatchNormStatistics}), and each test image is then classified on its own. Without
 * calibration images each test chunk is normalised with its own statistics instead (train mode; the
 * behaviour of the first recorded runs). Immutable.
 */
public final class TestAccuracy {
    private final StagedModel model;
    private final Batch[] chunks;
    private final List<INDArray> calibration;
    private final int images;

    /**
     * @param calibration training images for the batch-norm statistics (unaugmented), or null to
     *                    normalise each test chunk with its own statistics
     * @param chunkSize   images per forward pass
     */
    public TestAccuracy(StagedModel model, ImageSet test, ImageSet calibration, ChannelStats stats, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be >= 1, got " + chunkSize);
        }
        this.model = model;
        this.images = test.size();
        this.chunks = chunks(test, stats, chunkSize);
        if (calibration == null || !model.hasBatchNorm()) {
            this.calibration = null;
        } else {
            List<INDArray> c = new ArrayList<>();
            for (Batch b : chunks(calibration, stats, chunkSize)) {
                c.add(b.features(model.dataType()));
            }
            this.calibration = List.copyOf(c);
        }
    }

    private static Batch[] chunks(ImageSet set, ChannelStats stats, int chunkSize) {
        int n = set.size();
        Batch[] out = new Batch[(n + chunkSize - 1) / chunkSize];
        for (int c = 0; c < out.length; c++) {
            int from = c * chunkSize;
            int[] idx = new int[Math.min(n, from + chunkSize) - from];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = from + i;
            }
            out[c] = Batch.of(set.subset(idx), stats);
        }
        return out;
    }

    /** Whether batch norm runs in eval mode with population statistics. */
    public boolean evalModeBatchNorm() {
        return calibration != null;
    }

    /** Result of one evaluation. */
    public record Result(double accuracy, double loss, int images) {
    }

    /** Accuracy (fraction in [0, 1]) and mean loss at {@code theta}. */
    public Result evaluate(double[] theta) {
        StagedModel m = calibration == null ? model
                : model.inEvalMode(BatchNormStatistics.estimate(model, theta, calibration));
        Weights w = m.weights(theta);
        long hits = 0;
        double lossSum = 0;
        for (Batch b : chunks) {
            INDArray logits = m.forward(w, b.features(m.dataType()), 1);
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
