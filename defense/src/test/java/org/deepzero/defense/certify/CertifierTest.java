package org.deepzero.defense.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.hipparchus.special.Erf;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** CERTIFY against closed forms: constant classifiers, ties, the radius formula in the far tail. */
class CertifierTest {
    private static final INDArray IMAGE = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 4, 4);

    /** Φ⁻¹(p) by bisection on Φ(z) = erfc(−z/√2)/2: independent of the code's inverse and its Newton step. */
    static double probit(double p) {
        double lo = -40;
        double hi = 40;
        for (int it = 0; it < 200; it++) {
            double mid = 0.5 * (lo + hi);
            // compare on the smaller tail, where erfc is accurate
            boolean below = p > 0.5 ? 0.5 * Erf.erfc(mid / Math.sqrt(2)) > 1 - p : 0.5 * Erf.erfc(-mid / Math.sqrt(2)) < p;
            if (below) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    @Test
    void aClassifierAlwaysAnsweringOneClassCertifiesSigmaTimesProbitOfAlphaToTheOneOverN() {
        for (int n : new int[] {100, 1000, 10_000, 100_000}) {
            Certifier c = new Certifier(0.25, 100, n, 0.001, 5000);
            Certificate cert = c.certify(x -> new int[(int) x.size(0)], IMAGE, 10, new SplittableRandom(1));
            assertEquals(0, cert.prediction());
            assertEquals(n, cert.countA());
            double expected = 0.25 * probit(Math.pow(0.001, 1.0 / n));
            assertEquals(expected, cert.radius(), 1e-9 * expected, "n=" + n);
            assertEquals(expected, c.maxRadius(), 1e-9 * expected);
        }
        // n = 10,000 reaches r = 0.75 at σ = 0.25 (Φ⁻¹ above 3), n = 1,000 does not
        assertTrue(new Certifier(0.25, 100, 10_000, 0.001, 1000).maxRadius() > 0.75);
        assertTrue(new Certifier(0.25, 100, 1000, 0.001, 1000).maxRadius() < 0.75);
    }

    @Test
    void aTieOfTheTopTwoClassesAbstains() {
        // every call answers 3 and 7 alternately: both classes get exactly half the votes
        NoisyClassifier tie = x -> {
            int[] out = new int[(int) x.size(0)];
            for (int i = 0; i < out.length; i++) {
                out[i] = i % 2 == 0 ? 3 : 7;
            }
            return out;
        };
        Certificate cert = new Certifier(0.5, 100, 1000, 0.001, 100).certify(tie, IMAGE, 10, new SplittableRandom(2));
        assertTrue(cert.abstained());
        assertEquals(0.0, cert.radius());
        assertEquals(500, cert.countA());
        assertTrue(cert.pALower() < 0.5);
    }

    @Test
    void aClearMajorityCertifiesWithTheClopperPearsonBound() {
        // 9 of every 10 answers are class 4: p_A's lower bound from 900 of 1000, radius σ Φ⁻¹ of it
        NoisyClassifier mostly4 = x -> {
            int[] out = new int[(int) x.size(0)];
            for (int i = 0; i < out.length; i++) {
                out[i] = i % 10 == 9 ? 1 : 4;
            }
            return out;
        };
        Certificate cert = new Certifier(0.5, 100, 1000, 0.001, 100).certify(mostly4, IMAGE, 10, new SplittableRandom(3));
        assertEquals(4, cert.prediction());
        assertEquals(900, cert.countA());
        double pA = ClopperPearsonTest.bisect(900, 1000, 0.001);
        assertEquals(0.5 * probit(pA), cert.radius(), 1e-8);
    }

    @Test
    void noiseHasTheRequestedSpreadAndIsReproducible() {
        Certifier c = new Certifier(0.25, 10, 10, 0.001, 10);
        double[] sum = new double[2];
        NoisyClassifier probe = x -> {
            double[] v = x.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
            for (double d : v) {
                sum[0] += d * d;
                sum[1] += 1;
            }
            return new int[(int) x.size(0)];
        };
        c.sampleUnderNoise(probe, IMAGE, 2000, 10, new SplittableRandom(4));
        assertEquals(0.25, Math.sqrt(sum[0] / sum[1]), 0.002);
        Certificate a = c.certify(x -> new int[(int) x.size(0)], IMAGE, 10, new SplittableRandom(5));
        Certificate b = c.certify(x -> new int[(int) x.size(0)], IMAGE, 10, new SplittableRandom(5));
        assertEquals(a, b);
    }

    @Test
    void probitIsAccurateFarInTheTail() {
        for (double tail : new double[] {1e-3, 1e-8, 1e-12, 1e-15}) {
            assertEquals(probit(1 - tail), Radius.inverseStandardNormal(1 - tail), 1e-9, "1 - " + tail);
            assertEquals(probit(tail), Radius.inverseStandardNormal(tail), 1e-9, "" + tail);
        }
    }
}
