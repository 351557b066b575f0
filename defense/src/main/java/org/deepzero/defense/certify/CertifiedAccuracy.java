package org.deepzero.defense.certify;

import java.util.List;

/**
 * Certified accuracy at radius r (Cohen et al.): the fraction of test images that the smoothed classifier
 * classifies correctly with a certified radius of at least r.
 */
public final class CertifiedAccuracy {
    private CertifiedAccuracy() {
    }

    /** Certified accuracy at {@code r}, in [0, 1]. */
    public static double at(List<ImageCertificate> certificates, double r) {
        return (double) hits(certificates, r) / certificates.size();
    }

    /** The two-sided Clopper-Pearson interval of the certified accuracy at {@code r}, over the images. */
    public static double[] interval(List<ImageCertificate> certificates, double r, double confidence) {
        return ClopperPearson.interval(hits(certificates, r), certificates.size(), confidence);
    }

    private static long hits(List<ImageCertificate> certificates, double r) {
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no certificates");
        }
        return certificates.stream().filter(c -> c.certifiedAt(r)).count();
    }
}
