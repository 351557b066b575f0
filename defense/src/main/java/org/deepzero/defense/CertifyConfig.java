package org.deepzero.defense;

import org.deepzero.common.InputException;

/**
 * Settings of certification.
 *
 * @param perClass test images per class in the fixed, class-balanced subset (10 classes)
 * @param n0       CERTIFY's selection samples
 * @param n        CERTIFY's estimation samples
 * @param alpha    CERTIFY's failure probability
 * @param chunk    noisy copies per classifier call
 */
public record CertifyConfig(int perClass, int n0, int n, double alpha, int chunk) {
    public CertifyConfig {
        if (perClass < 1 || perClass > 1000) {
            throw new InputException("--per-class: must lie in [1, 1000], got " + perClass);
        }
        if (n0 < 1) {
            throw new InputException("--n0: must be >= 1, got " + n0);
        }
        if (n < 1) {
            throw new InputException("--n: must be >= 1, got " + n);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new InputException("--alpha: must lie in (0, 1), got " + alpha);
        }
        if (chunk < 1) {
            throw new InputException("--chunk: must be >= 1, got " + chunk);
        }
    }

    /** Cohen et al.'s n0 = 100, α = 0.001; the reduced run's 10 images per class and n = 1000. */
    public static CertifyConfig defaults() {
        return new CertifyConfig(10, 100, 1000, 0.001, 250);
    }
}
