package org.deepzero.zo.objective;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Mean squared error against a target tensor: {@code mean over all elements of (y − t)²}. */
public final class MeanSquaredError implements Loss {
    private final INDArray target;

    /** @param target the targets of the N samples, batch first; copied */
    public MeanSquaredError(INDArray target) {
        this.target = target.castTo(DataType.DOUBLE).dup('c');
    }

    @Override
    public long samples() {
        return target.size(0);
    }

    @Override
    public double[] values(INDArray output, int groups) {
        long n = target.size(0);
        long per = target.length() / n;
        if (output.size(0) != n * groups || output.length() != target.length() * groups) {
            throw new IllegalArgumentException("output of shape " + java.util.Arrays.toString(output.shape())
                    + " does not match " + groups + " groups of targets " + java.util.Arrays.toString(target.shape()));
        }
        INDArray t = target.castTo(output.dataType()).reshape(1, n * per);
        INDArray diff = output.dup('c').reshape(groups, n * per).subiRowVector(t);
        INDArray mean = diff.muli(diff).castTo(DataType.DOUBLE).mean(1);
        double[] out = new double[groups];
        for (int g = 0; g < groups; g++) {
            out[g] = mean.getDouble(g);
        }
        return out;
    }

    @Override
    public INDArray targetTensor(DataType type) {
        return target.castTo(type);
    }

    @Override
    public SDVariable define(SameDiff sd, SDVariable output, SDVariable target) {
        SDVariable d = output.sub(target);
        return d.mul(d).mean();
    }
}
