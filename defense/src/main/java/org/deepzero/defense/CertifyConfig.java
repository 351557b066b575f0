package org.deepzero.defense;

import org.deepzero.common.InputException;

/**
 * Settings of certification.
 *
 * @param perClass images per class in the fixed, class-balanced subset (10 classes)
 * @param n0       CERTIFY's selection samples
 * @param n        CERTIFY's estimation samples
 * @param alpha    CERTIFY's failure probability
 * @param chunk    noisy copies per classifier call
 * @param subset   where the images come from: the test split, or training images held out from fine-tuning
 */
public record CertifyConfig(int perClass, int n0, int n, double alpha, int chunk, Subset subset) {
    /**
     * Where the certified images come from. Settings (learning rates, steps) are chosen on
     * {@link #VALIDATION}, so that the test subset is only used to report.
     */
    public enum Subset {
        /** The CIFAR-10 test split: the reported results. */
        TEST("certify", "report"),
        /**
         * Training images after the first {@code trainImages}: no denoiser, autoencoder or batch-norm
         * calibration sees them (the black box was trained on them, so F is a little more accurate there).
         */
        VALIDATION("certify-validation", "report-validation");

        private final String certificates;
        private final String report;

        Subset(String certificates, String report) {
            this.certificates = certificates;
            this.report = report;
        }

        /** The run folder's subfolder of the stored certificates. */
        public String certificatesFolder() {
            return certificates;
        }

        /** The run folder's subfolder of the report. */
        public String reportFolder() {
            return report;
        }

        /** {@code test} or {@code validation}, as {@code --subset} takes it. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Certification of the test subset. */
    public CertifyConfig(int perClass, int n0, int n, double alpha, int chunk) {
        this(perClass, n0, n, alpha, chunk, Subset.TEST);
    }

    public CertifyConfig {
        java.util.Objects.requireNonNull(subset, "subset");
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
