package org.deepzero.zo.objective;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Softmax cross-entropy with integer class labels: {@code mean_n [logsumexp(z_n) − z_n[y_n]]} on
 * logits {@code z} of shape {@code [N, classes]}. Evaluated in double precision from the logits.
 */
public final class CrossEntropyLoss implements Loss {
    private final int[] labels;
    private final int classes;

    public CrossEntropyLoss(int[] labels, int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be positive, got " + classes);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " at sample " + i + " outside [0, " + classes + ")");
            }
        }
        this.labels = labels.clone();
        this.classes = classes;
    }

    @Override
    public long samples() {
        return labels.length;
    }

    public int classes() {
        return classes;
    }

    @Override
    public double[] values(INDArray output, int groups) {
        int n = labels.length;
        if (output.rank() != 2 || output.size(1) != classes || output.size(0) != (long) n * groups) {
            throw new IllegalArgumentException("logits of shape " + java.util.Arrays.toString(output.shape())
                    + " do not match " + groups + " x " + n + " samples and " + classes + " classes");
        }
        double[] z = output.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] out = new double[groups];
        for (int g = 0; g < groups; g++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                int row = (g * n + i) * classes;
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    max = Math.max(max, z[row + c]);
                }
                double s = 0;
                for (int c = 0; c < classes; c++) {
                    s += Math.exp(z[row + c] - max);
                }
                sum += max + Math.log(s) - z[row + labels[i]];
            }
            out[g] = sum / n;
        }
        return out;
    }

    @Override
    public INDArray targetTensor(DataType type) {
        INDArray t = Nd4j.zeros(type, labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            t.putScalar(i, labels[i], 1.0);
        }
        return t;
    }

    @Override
    public SDVariable define(SameDiff sd, SDVariable output, SDVariable target) {
        SDVariable logp = sd.nn().logSoftmax(output);
        return target.mul(logp).sum(1).mean().neg();
    }
}
