package org.deepzero.defense.certify;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Cohen, Rosenfeld and Kolter's CERTIFY (ICML 2019, Algorithm "certify"), exactly:
 * <pre>
 *   counts0 ← SampleUnderNoise(f, x, n0, σ);  ĉ_A ← top index of counts0
 *   counts  ← SampleUnderNoise(f, x, n, σ)
 *   p_A     ← LowerConfBound(counts[ĉ_A], n, 1 − α)      (one-sided Clopper-Pearson)
 *   if p_A &gt; 1/2 return (ĉ_A, σ Φ⁻¹(p_A)) else abstain
 * </pre>
 * The selection and estimation samples are separate draws, as the guarantee requires. Noise of image i
 * is drawn from a generator seeded by the caller, so a certificate is reproducible. Ties in counts0 go to
 * the smaller class index; a tie of the top two classes in the estimation counts gives p_A ≤ 1/2 and so
 * abstains.
 *
 * @param sigma noise level σ &gt; 0 (pixel units of [0, 1] images)
 * @param n0    selection samples (Cohen et al.: 100)
 * @param n     estimation samples
 * @param alpha failure probability (Cohen et al.: 0.001)
 * @param chunk noisy copies per classifier call
 */
public record Certifier(double sigma, int n0, int n, double alpha, int chunk) {
    /** Cohen et al.'s n0 = 100 and α = 0.001. */
    public static final int DEFAULT_N0 = 100;
    public static final double DEFAULT_ALPHA = 0.001;

    public Certifier {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be finite and > 0, got " + sigma);
        }
        if (n0 < 1 || n < 1 || chunk < 1) {
            throw new IllegalArgumentException("n0, n and chunk must be >= 1, got " + n0 + ", " + n + ", " + chunk);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must lie in (0, 1), got " + alpha);
        }
    }

    /** The largest radius this n can certify: σ Φ⁻¹(α^(1/n)), reached when all n votes agree. */
    public double maxRadius() {
        return Radius.of(ClopperPearson.lowerBound(n, n, alpha), sigma);
    }

    /**
     * CERTIFY for one image.
     *
     * @param image   {@code [3, H, W]} or {@code [1, 3, H, W]}, float
     * @param classes number of classes of f
     * @param random  the noise source for this image
     */
    public Certificate certify(NoisyClassifier f, INDArray image, int classes, SplittableRandom random) {
        long[] counts0 = sampleUnderNoise(f, image, n0, classes, random);
        int top = 0;
        for (int c = 1; c < classes; c++) {
            if (counts0[c] > counts0[top]) {
                top = c;
            }
        }
        long[] counts = sampleUnderNoise(f, image, n, classes, random);
        double pA = ClopperPearson.lowerBound(counts[top], n, alpha);
        if (pA > 0.5) {
            return new Certificate(top, Radius.of(pA, sigma), pA, counts[top], n);
        }
        return new Certificate(Certificate.ABSTAIN, 0.0, pA, counts[top], n);
    }

    /** Class counts of f on {@code samples} copies of the image, each with its own N(0, σ²I) noise. */
    long[] sampleUnderNoise(NoisyClassifier f, INDArray image, int samples, int classes, SplittableRandom random) {
        float[] x = image.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
        long[] shape = image.rank() == 4 ? image.shape() : new long[] {1, image.size(0), image.size(1), image.size(2)};
        int size = x.length;
        long[] counts = new long[classes];
        for (int from = 0; from < samples; from += chunk) {
            int k = Math.min(chunk, samples - from);
            float[] noisy = new float[k * size];
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < size; i++) {
                    noisy[j * size + i] = (float) (x[i] + sigma * random.nextGaussian());
                }
            }
            int[] predicted = f.classify(Nd4j.create(noisy, new long[] {k, shape[1], shape[2], shape[3]}, 'c'));
            for (int p : predicted) {
                if (p < 0 || p >= classes) {
                    throw new IllegalStateException("classifier answered class " + p + " outside [0, " + classes + ")");
                }
                counts[p]++;
            }
        }
        return counts;
    }
}
