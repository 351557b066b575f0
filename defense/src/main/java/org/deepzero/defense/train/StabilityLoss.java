package org.deepzero.defense.train;

import org.deepzero.defense.blackbox.BlackBox;
import org.deepzero.vision.data.ImageSet;
import org.deepzero.zo.objective.CrossEntropyLoss;
import org.deepzero.zo.objective.Loss;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The stability objective of denoised smoothing (Salman et al., NeurIPS 2020), seen from the denoiser's
 * residual branch R: for its output r on the noisy batch x + δ,
 * L = CE(F(x + δ + r), y) with y = argmax F(x), the black box's own labels of the clean images.
 * Adding the skip connection here keeps R a plain chain, so zo-train's feature reuse applies inside D.
 * Every evaluation is a black-box query of all its images; there is no symbolic form.
 * Thread-safe (the black box is).
 */
public final class StabilityLoss implements Loss {
    private final BlackBox blackBox;
    private final INDArray noisy;
    private final CrossEntropyLoss ce;
    private final int[] labels;

    /**
     * @param noisy  the noisy batch x + δ, {@code [B, 3, 32, 32]}
     * @param labels the black box's classes of the clean images
     */
    public StabilityLoss(BlackBox blackBox, INDArray noisy, int[] labels) {
        if (noisy.size(0) != labels.length) {
            throw new IllegalArgumentException(noisy.size(0) + " images but " + labels.length + " labels");
        }
        this.blackBox = blackBox;
        this.noisy = noisy.castTo(DataType.FLOAT);
        this.labels = labels.clone();
        this.ce = new CrossEntropyLoss(labels, ImageSet.CLASSES);
    }

    /** The black box's classes of {@code images}: argmax of its logits (the first on ties); one query each. */
    public static int[] labelsOf(BlackBox blackBox, INDArray images) {
        return argmax(blackBox.logits(images));
    }

    /** Row-wise argmax, the first maximum on ties. */
    public static int[] argmax(INDArray logits) {
        int n = (int) logits.size(0);
        int classes = (int) logits.size(1);
        float[] z = logits.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (z[i * classes + c] > z[i * classes + best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    public int[] labels() {
        return labels.clone();
    }

    public INDArray noisy() {
        return noisy;
    }

    @Override
    public long samples() {
        return labels.length;
    }

    @Override
    public double[] values(INDArray output, int groups) {
        INDArray base = noisy;
        if (groups > 1) {
            INDArray[] copies = new INDArray[groups];
            java.util.Arrays.fill(copies, noisy);
            base = Nd4j.concat(0, copies);
        }
        INDArray denoised = output.castTo(DataType.FLOAT).add(base);
        return ce.values(blackBox.logits(denoised), groups);
    }

    @Override
    public INDArray targetTensor(DataType type) {
        return ce.targetTensor(type);
    }

    /** Not available: F is a black box. FO-DS builds its own graph through the white-box victim. */
    @Override
    public SDVariable define(SameDiff sd, SDVariable output, SDVariable target) {
        throw new UnsupportedOperationException("the stability loss goes through a black box: it has no graph");
    }
}
