package org.deepzero.defense.certify;

import org.hipparchus.distribution.continuous.NormalDistribution;

/**
 * The certified ℓ2 radius of randomized smoothing (Cohen et al., ICML 2019, Theorem 1 with p_B = 1 − p_A):
 * R = σ Φ⁻¹(p_A), for a lower bound p_A &gt; 1/2 of the top class's probability under N(0, σ²I) noise.
 */
public final class Radius {
    private static final NormalDistribution STANDARD = new NormalDistribution(0, 1);

    private Radius() {
    }

    /** σ Φ⁻¹(pA); requires 1/2 &lt; pA &lt; 1 and σ &gt; 0. */
    public static double of(double pA, double sigma) {
        if (!(pA > 0.5 && pA < 1)) {
            throw new IllegalArgumentException("pA must lie in (1/2, 1), got " + pA);
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be finite and > 0, got " + sigma);
        }
        return sigma * inverseStandardNormal(pA);
    }

    /**
     * Φ⁻¹(p). Hipparchus' inverse loses precision far in a tail (LIBRARY-NOTES: off by 4e-8 at 1e-15);
     * Newton steps on the smaller tail, where Φ is computed from erfc to full relative precision, restore it. For p near 1 the
     * complement 1 − p is exact in double when p is itself a bound like α^(1/n).
     */
    public static double inverseStandardNormal(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must lie in (0, 1), got " + p);
        }
        boolean upper = p > 0.5;
        double tail = upper ? 1 - p : p; // the smaller tail probability
        double z = STANDARD.inverseCumulativeProbability(tail); // z <= 0
        // Newton steps on Φ(z) = tail; one usually suffices, a few more cost nothing
        for (int it = 0; it < 4; it++) {
            double density = STANDARD.density(z);
            if (!(density > 0)) {
                break;
            }
            double step = (STANDARD.cumulativeProbability(z) - tail) / density;
            z -= step;
            if (Math.abs(step) < 1e-15 * Math.abs(z)) {
                break;
            }
        }
        return upper ? -z : z;
    }
}
