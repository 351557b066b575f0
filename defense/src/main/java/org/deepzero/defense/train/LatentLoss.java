package org.deepzero.defense.train;

import org.deepzero.defense.blackbox.MeteredBlackBox;
import org.deepzero.defense.denoise.Networks;
import org.deepzero.vision.data.ImageSet;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.Weights;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The query-only back end of ZO-AE-DS on one batch: G(z) = F(Dec(z)) with the fixed pre-trained decoder,
 * and per sample the stability cross-entropy of G(z_i) against F's clean label y_i. The training process
 * and cluster members build it here alone, so their losses agree bit for bit. Thread-safe.
 */
public final class LatentLoss {
    private final StagedModel decoder;
    private final Weights decoderWeights;
    private final MeteredBlackBox blackBox;
    private final int[] labels;

    /**
     * @param decoderTheta the pre-trained decoder's parameters
     * @param labels       F's classes of the batch's clean images
     */
    public LatentLoss(StagedModel decoder, double[] decoderTheta, MeteredBlackBox blackBox, int[] labels) {
        this.decoder = decoder;
        this.decoderWeights = decoder.weights(decoderTheta);
        this.blackBox = blackBox;
        this.labels = labels.clone();
    }

    public int batchSize() {
        return labels.length;
    }

    /** The metered black box the losses query. */
    public MeteredBlackBox blackBox() {
        return blackBox;
    }

    /**
     * Per-sample losses CE(F(Dec(z)), y) for {@code groups} stacked copies of the batch's latent codes:
     * row g·B + i of {@code z} belongs to sample i. One black-box query per row.
     */
    public double[] sampleLosses(INDArray z, int groups) {
        int b = labels.length;
        long rows = z.size(0);
        if (rows != (long) groups * b) {
            throw new IllegalArgumentException(rows + " latent rows for " + groups + " groups of " + b);
        }
        long[] latent = {rows, Networks.LATENT_SHAPE[0], Networks.LATENT_SHAPE[1], Networks.LATENT_SHAPE[2]};
        INDArray pixels = decoder.forward(decoderWeights, z.reshape(latent), 1)
                .reshape(rows, ImageSet.CHANNELS, ImageSet.SIDE, ImageSet.SIDE);
        INDArray logits = blackBox.logits(pixels);
        double[] zl = logits.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int classes = (int) logits.size(1);
        double[] out = new double[(int) rows];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, zl[r * classes + c]);
            }
            double s = 0;
            for (int c = 0; c < classes; c++) {
                s += Math.exp(zl[r * classes + c] - max);
            }
            out[r] = max + Math.log(s) - zl[r * classes + labels[r % b]];
        }
        return out;
    }
}
