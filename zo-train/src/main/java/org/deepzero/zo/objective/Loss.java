package org.deepzero.zo.objective;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A loss bound to the targets of one fixed mini-batch of N samples. Immutable.
 */
public interface Loss {

    /** Number of samples N the targets describe. */
    long samples();

    /**
     * Mean loss of each query group: {@code output} holds {@code groups} network outputs of N samples
     * each, stacked in the batch dimension; entry g is the loss of group g.
     */
    double[] values(INDArray output, int groups);

    /** Loss of one network output for the N samples. */
    default double value(INDArray output) {
        return values(output, 1)[0];
    }

    /** The targets as a tensor of type {@code type} (fed to the SameDiff target placeholder). */
    INDArray targetTensor(DataType type);

    /** Symbolic scalar loss of {@code output} against {@code target} (shaped like {@link #targetTensor}). */
    SDVariable define(SameDiff sd, SDVariable output, SDVariable target);
}
