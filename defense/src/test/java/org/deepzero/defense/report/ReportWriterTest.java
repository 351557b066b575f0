package org.deepzero.defense.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deepzero.defense.certify.Certificate;
import org.deepzero.defense.certify.ImageCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report states what the certificates say: hand-counted certified accuracies, one CSV row per image. */
class ReportWriterTest {
    @TempDir
    Path dir;

    @Test
    void summaryAndCsvFollowTheCertificates() throws Exception {
        // 4 images: right with R = 0.6, right with R = 0.3, wrong with R = 0.9, abstained
        List<ImageCertificate> certs = List.of(
                new ImageCertificate(10, 1, new Certificate(1, 0.6, 0.99, 990, 1000)),
                new ImageCertificate(11, 2, new Certificate(2, 0.3, 0.9, 900, 1000)),
                new ImageCertificate(12, 3, new Certificate(4, 0.9, 0.999, 999, 1000)),
                new ImageCertificate(13, 5, new Certificate(Certificate.ABSTAIN, 0.0, 0.4, 450, 1000)));
        Path report = dir.resolve("report");
        Files.createDirectories(report);
        Files.writeString(report.resolve("stale.txt"), "from an older report");
        // a second method right on images 10 and 13 only (13 certified at R = 0.8)
        List<ImageCertificate> other = List.of(
                new ImageCertificate(10, 1, new Certificate(1, 0.2, 0.8, 800, 1000)),
                new ImageCertificate(11, 2, new Certificate(Certificate.ABSTAIN, 0.0, 0.4, 450, 1000)),
                new ImageCertificate(12, 3, new Certificate(4, 0.9, 0.999, 999, 1000)),
                new ImageCertificate(13, 5, new Certificate(5, 0.8, 0.999, 999, 1000)));
        ReportWriter.write(report, List.of(new MethodResult("deepzero", certs, 1234, 5.0, 10, 6.0),
                new MethodResult("zo-ae", other, 1234, 5.0, 10, 6.0)), Map.of("sigma", 0.25), 0.95);

        JsonNode acc = new ObjectMapper().readTree(report.resolve("summary.json").toFile())
                .path("methods").path("deepzero").path("certified_accuracy");
        assertEquals(0.50, acc.path("0.00").asDouble());
        assertEquals(0.50, acc.path("0.25").asDouble());
        assertEquals(0.25, acc.path("0.50").asDouble());
        assertEquals(0.00, acc.path("0.75").asDouble());
        JsonNode summary = new ObjectMapper().readTree(report.resolve("summary.json").toFile());
        // 2 of 4 at r = 0: the exact 95 % interval of 2/4 is [0.0676, 0.9324]
        JsonNode ci = summary.path("methods").path("deepzero").path("certified_accuracy_ci95_clopper_pearson").path("0.00");
        assertEquals(0.0676, ci.get(0).asDouble(), 5e-5);
        assertEquals(0.9324, ci.get(1).asDouble(), 5e-5);
        // at r = 0.25: deepzero alone certifies 10 (zo-ae's R = 0.2) and 11; zo-ae alone certifies 13
        // deepzero answers 1, 2, 4 and abstains once; zo-ae answers 1, 4, 5: one image each, the smallest class wins ties
        assertEquals(1, summary.path("methods").path("deepzero").path("most_common_prediction").asInt());
        assertEquals(0.25, summary.path("methods").path("deepzero").path("most_common_prediction_share").asDouble(), 1e-12);
        JsonNode paired = summary.path("paired_vs_deepzero").path("zo-ae").path("0.25");
        assertEquals(2, paired.path("only_deepzero").asInt());
        assertEquals(1, paired.path("only_zo-ae").asInt());
        assertEquals(25.0, paired.path("difference_points").asDouble(), 1e-12);
        assertEquals(1.0, paired.path("mcnemar_exact_p").asDouble(), 1e-12); // 2 P(Bin(3, 1/2) <= 1) = 1
        List<String> csv = Files.readAllLines(report.resolve("certify-deepzero.csv"));
        assertEquals(List.of("index,label,prediction,radius,correct", "10,1,1,0.600000,1", "11,2,2,0.300000,1",
                "12,3,4,0.900000,0", "13,5,-1,0.000000,0"), csv);
        assertTrue(Files.size(report.resolve("certified-accuracy.png")) > 1000);
        assertTrue(Files.readString(report.resolve("index.html")).contains("certified-accuracy.png"));
        assertTrue(!Files.exists(report.resolve("stale.txt")), "the new report replaces the old one whole");
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary folder left behind");
        }
    }
}
