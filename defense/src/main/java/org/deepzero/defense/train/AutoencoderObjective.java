package org.deepzero.defense.train;

import org.deepzero.defense.blackbox.BlackBox;
import org.deepzero.defense.denoise.Networks;
import org.deepzero.vision.data.ImageSet;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.Weights;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.param.ParameterSpace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The ZO-AE-DS objective on one noisy batch (Zhang et al., ICLR 2022): the trainable front end, denoiser
 * D = x + R(x) then encoder E, produces a latent code z = E(D(x + δ)); the fixed decoder and the black box
 * form the query-only back end G(z) = F(Dec(z)); the loss is the stability cross-entropy of G(z) against
 * F's clean labels. The estimator queries G per sample around z ({@link #sampleLosses}); the front end is
 * differentiated first-order. Thread-safe.
 */
public final class AutoencoderObjective implements Objective {
    private final StagedModel branch;
    private final StagedModel encoder;
    private final StagedModel decoder;
    private final Weights decoderWeights;
    private final ParameterSpace space;
    private final BlackBox blackBox;
    private final INDArray noisy;
    private final int[] labels;

    /**
     * @param decoderTheta the pre-trained decoder's parameters (fixed, part of the black-box side)
     */
    public AutoencoderObjective(StagedModel branch, StagedModel encoder, StagedModel decoder, double[] decoderTheta,
                                BlackBox blackBox, INDArray noisy, int[] labels) {
        this.branch = branch;
        this.encoder = encoder;
        this.decoder = decoder;
        this.decoderWeights = decoder.weights(decoderTheta);
        this.space = Networks.concat(branch, encoder);
        this.blackBox = blackBox;
        this.noisy = noisy.castTo(DataType.FLOAT);
        this.labels = labels.clone();
    }

    @Override
    public ParameterSpace space() {
        return space;
    }

    public INDArray noisy() {
        return noisy;
    }

    public int batchSize() {
        return labels.length;
    }

    /** z = E(D(x + δ)) flattened to {@code [B, 192]} (train-mode batch norm in R, as in training). */
    public INDArray latent(double[] theta) {
        Weights w = Weights.of(space, theta, DataType.FLOAT);
        INDArray d = branch.forward(w, noisy, 1).addi(noisy);
        INDArray z = encoder.forward(w, d, 1);
        return z.reshape(labels.length, Networks.LATENT).dup('c');
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

    @Override
    public double value(double[] theta) {
        double[] l = sampleLosses(latent(theta), 1);
        return java.util.Arrays.stream(l).average().orElseThrow();
    }
}
