package org.deepzero.defense.certify;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The base classifier f that randomized smoothing turns into g(x) = argmax_c P(f(x + δ) = c): here the
 * black box alone, or the black box behind a denoiser.
 */
@FunctionalInterface
public interface NoisyClassifier {
    /**
     * @param images {@code [N, 3, H, W]} in pixel units ([0, 1] before noise), float
     * @return the class of each image
     */
    int[] classify(INDArray images);
}
