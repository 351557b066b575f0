package org.deepzero.defense.blackbox;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A deployed classifier we may only query: logits for a batch of images, and how many images it has been
 * asked about. Nothing else is visible: no weights, no gradients, no architecture. Implementations are
 * thread-safe (parallel queries) and deterministic per image (eval-mode batch norm).
 */
public interface BlackBox {
    /**
     * @param images {@code [N, 3, 32, 32]} float, pixel values on the [0, 1] scale (noise may push them out)
     * @return logits {@code [N, classes]}
     */
    INDArray logits(INDArray images);

    /** Images queried so far (each row of every {@link #logits} call counts once). */
    long queries();
}
