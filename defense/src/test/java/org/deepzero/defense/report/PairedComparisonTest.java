package org.deepzero.defense.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.deepzero.defense.certify.Certificate;
import org.deepzero.defense.certify.ImageCertificate;
import org.junit.jupiter.api.Test;

/** Discordant counts and the exact McNemar p-value, against values computed by hand. */
class PairedComparisonTest {
    private static ImageCertificate cert(int index, boolean right, double radius) {
        return new ImageCertificate(index, 1, new Certificate(right ? 1 : 2, radius, 0.9, 900, 1000));
    }

    @Test
    void countsDiscordantImagesAndGivesTheExactBinomialP() {
        // 12 images certified by the first method only, 2 by the second only, 20 by both, 6 by neither
        List<ImageCertificate> a = new ArrayList<>();
        List<ImageCertificate> b = new ArrayList<>();
        int i = 0;
        for (int k = 0; k < 12; k++, i++) {
            a.add(cert(i, true, 0.5));
            b.add(cert(i, false, 0.5));
        }
        for (int k = 0; k < 2; k++, i++) {
            a.add(cert(i, true, 0.1)); // right, but below r = 0.25
            b.add(cert(i, true, 0.5));
        }
        for (int k = 0; k < 20; k++, i++) {
            a.add(cert(i, true, 0.5));
            b.add(cert(i, true, 0.6));
        }
        for (int k = 0; k < 6; k++, i++) {
            a.add(cert(i, false, 0.5));
            b.add(cert(i, false, 0.5));
        }
        java.util.Collections.reverse(b); // matched by index, not by position
        PairedComparison c = PairedComparison.at(a, b, 0.25);
        assertEquals(12, c.onlyFirst());
        assertEquals(2, c.onlySecond());
        // two-sided exact: 2 P(Bin(14, 1/2) <= 2) = 2 (1 + 14 + 91) / 2^14
        assertEquals(2.0 * (1 + 14 + 91) / 16384, c.p(), 1e-12);
        assertEquals(25.0, c.differencePoints(40), 1e-12);

        // far tails keep their digits: 70 against 2 gives 2 (1 + 72 + 2556) / 2^72
        List<ImageCertificate> x = new ArrayList<>();
        List<ImageCertificate> y = new ArrayList<>();
        for (int k = 0; k < 72; k++) {
            x.add(cert(k, k >= 2, 0.5));
            y.add(cert(k, k < 2, 0.5));
        }
        assertEquals(2.0 * (1 + 72 + 2556) / Math.pow(2, 72), PairedComparison.at(x, y, 0.25).p(), 1e-30);

        PairedComparison same = PairedComparison.at(a, a, 0.25);
        assertEquals(1.0, same.p());
        assertThrows(IllegalArgumentException.class, () -> PairedComparison.at(a, b.subList(0, 10), 0.25));
    }
}
