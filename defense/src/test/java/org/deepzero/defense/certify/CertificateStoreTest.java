package org.deepzero.defense.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saved certificates read back equal to the last bit, and only under the key they were saved with. */
class CertificateStoreTest {
    @TempDir
    Path dir;

    @Test
    void readsBackExactlyUnderItsKeyOnly() throws Exception {
        // radii and bounds from the real formulas, whose doubles have long expansions
        double pA = ClopperPearson.lowerBound(5987, 6000, 0.001);
        List<ImageCertificate> certs = List.of(
                new ImageCertificate(7, 3, new Certificate(3, Radius.of(pA, 0.25), pA, 5987, 6000)),
                new ImageCertificate(12, 1, new Certificate(Certificate.ABSTAIN, 0.0, 0.4321, 2700, 6000)),
                new ImageCertificate(40, 9, new Certificate(2, Radius.of(0.7, 0.25), 0.7, 4300, 6000)));
        Path file = dir.resolve("certify").resolve("deepzero.csv");
        CertificateStore.save(file, "abc", certs, 12.5);

        CertificateStore.Stored back = CertificateStore.load(file, "abc").orElseThrow();
        assertEquals(certs, back.certificates()); // records compare doubles bit for bit
        assertEquals(12.5, back.seconds());
        assertTrue(CertificateStore.load(file, "abd").isEmpty(), "another key must not be reused");
        assertTrue(CertificateStore.load(dir.resolve("missing.csv"), "abc").isEmpty());

        Files.writeString(file, Files.readString(file).replace(",6000\n", ",6000,x\n").replace("2700", "27x0"));
        assertTrue(CertificateStore.load(file, "abc").isEmpty(), "a damaged file is recomputed, not trusted");
    }

    @Test
    void defaultSampleCountCertifiesRadiusThreeQuarters() {
        // the default n = 6,000 at σ = 0.25, α = 0.001 must reach r = 0.75 (RESULTS.md states 0.763)
        double max = new Certifier(0.25, 100, 6000, 0.001, 250).maxRadius();
        assertTrue(max > 0.75 && max < 0.77, "largest certifiable radius " + max);
        assertTrue(new Certifier(0.25, 100, 5000, 0.001, 250).maxRadius() < 0.75, "n = 5,000 would not reach 0.75");
    }
}
