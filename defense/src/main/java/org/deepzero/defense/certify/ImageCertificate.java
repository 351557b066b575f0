package org.deepzero.defense.certify;

/**
 * The certificate of one test image.
 *
 * @param index       the image's index in the CIFAR-10 test split
 * @param label       its true class
 * @param certificate what CERTIFY answered
 */
public record ImageCertificate(int index, int label, Certificate certificate) {
    /** Whether the smoothed classifier is right with radius at least r. */
    public boolean certifiedAt(double r) {
        return certificate.certifies(label, r);
    }
}
