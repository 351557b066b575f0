package org.deepzero.defense.certify;

/**
 * The answer of CERTIFY for one input: the smoothed prediction and its certified radius, or an abstention.
 *
 * @param prediction the class ĉ_A, or {@link #ABSTAIN}
 * @param radius     the certified ℓ2 radius (0 when abstaining; NaN never)
 * @param pALower    the Clopper-Pearson lower bound of p_A from the estimation counts
 * @param countA     votes for ĉ_A among the n estimation samples
 * @param samples    n, the estimation samples
 */
public record Certificate(int prediction, double radius, double pALower, long countA, long samples) {
    /** The prediction of an abstention. */
    public static final int ABSTAIN = -1;

    public Certificate {
        if (prediction < ABSTAIN) {
            throw new IllegalArgumentException("prediction must be a class or ABSTAIN, got " + prediction);
        }
        if (!(radius >= 0) || Double.isInfinite(radius)) {
            throw new IllegalArgumentException("radius must be finite and >= 0, got " + radius);
        }
        if (prediction == ABSTAIN && radius != 0) {
            throw new IllegalArgumentException("an abstention has radius 0, got " + radius);
        }
    }

    public boolean abstained() {
        return prediction == ABSTAIN;
    }

    /** Whether this certifies {@code label} at radius {@code r}: right class and R ≥ r (r = 0: right class). */
    public boolean certifies(int label, double r) {
        return prediction == label && radius >= r;
    }
}
