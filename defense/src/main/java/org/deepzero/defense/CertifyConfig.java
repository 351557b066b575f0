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

    /**
     * Cohen et al.'s n0 = 100, α = 0.001; 50 images per class (500) and n = 6,000, the smallest round n
     * whose largest certifiable radius σ Φ⁻¹(α^(1/n)) exceeds 0.75 at σ = 0.25 (0.763), so the default
     * pipeline reports r = 0.75 and stays under an hour on 2 cores (RESULTS.md).
     */
    public static CertifyConfig defaults() {
        return new CertifyConfig(50, 100, 6000, 0.001, 250);
    }
}
