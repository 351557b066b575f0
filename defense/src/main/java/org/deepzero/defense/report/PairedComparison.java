package org.deepzero.defense.report;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deepzero.defense.certify.ImageCertificate;
import org.hipparchus.special.Beta;

/**
 * Two methods certified on the same images with the same noise, compared image by image at one radius:
 * the discordant images (certified by one method only) and the exact McNemar test, i.e. the two-sided
 * binomial test of the discordant counts against 1/2. Paired, this resolves differences that the
 * methods' separate intervals cannot.
 *
 * @param onlyFirst  images the first method certifies at the radius and the second does not
 * @param onlySecond images the second method certifies and the first does not
 * @param p          the exact two-sided McNemar p-value (1 when no image is discordant)
 */
public record PairedComparison(int onlyFirst, int onlySecond, double p) {
    /** Compares the certificates of two methods (matched by test image index) at radius r. */
    public static PairedComparison at(List<ImageCertificate> first, List<ImageCertificate> second, double r) {
        Map<Integer, ImageCertificate> byIndex = new HashMap<>();
        second.forEach(c -> byIndex.put(c.index(), c));
        if (byIndex.size() != first.size()) {
            throw new IllegalArgumentException("the methods were certified on different images");
        }
        int a = 0;
        int b = 0;
        for (ImageCertificate c : first) {
            ImageCertificate d = byIndex.get(c.index());
            if (d == null) {
                throw new IllegalArgumentException("image " + c.index() + " was certified by one method only");
            }
            boolean x = c.certifiedAt(r);
            boolean y = d.certifiedAt(r);
            a += x && !y ? 1 : 0;
            b += y && !x ? 1 : 0;
        }
        // Under the null each discordant image goes either way with probability 1/2, a symmetric law, so the
        // two-sided p is twice the smaller tail. Not Hipparchus' BinomialTest: its two-sided sum compares point
        // probabilities with ==, which rounding breaks on symmetric ties (2 of 3 gives 0.625 instead of 1).
        // P(X <= k) for X ~ Bin(n, 1/2) is I_{1/2}(n - k, k + 1), taken directly: Hipparchus'
        // BinomialDistribution.cumulativeProbability computes 1 - I(...) and rounds tails below 1e-16 to 0.
        int n = a + b;
        int k = Math.min(a, b);
        double p = n == 0 || k == n ? 1.0 : Math.min(1.0, 2 * Beta.regularizedBeta(0.5, n - k, k + 1.0));
        return new PairedComparison(a, b, p);
    }

    /** The first method's certified accuracy minus the second's, in points of the images compared. */
    public double differencePoints(int images) {
        return 100.0 * (onlyFirst - onlySecond) / images;
    }
}
