package org.deepzero.defense;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deepzero.common.Json;
import org.deepzero.defense.certify.ImageCertificate;
import org.deepzero.defense.report.MethodResult;
import org.deepzero.defense.train.DefenseConfig;
import org.deepzero.defense.train.DefenseMethod;
import org.deepzero.vision.data.Cifar10;
import org.deepzero.vision.data.Cifar10Location;
import org.deepzero.vision.data.ImageSet;
import org.deepzero.vision.model.ModelSpec;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.param.ParameterIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A second {@code certify} in the same run folder reads finished certificates back instead of certifying
 * again (after an interruption, or when methods are added), with the same results; other CERTIFY settings
 * certify afresh.
 */
class CertificationReuseTest {
    @TempDir
    Path dir;

    /** A run folder under {@code dir} with a tiny untrained black box and real CIFAR-10 files (skipped without them). */
    private DefenseConfig tinyRun(int trainImages) throws Exception {
        Optional<Path> data = Cifar10Location.find();
        assumeTrue(data.isPresent(), Cifar10Location.notFoundMessage());
        ModelSpec model = ModelSpec.cnn(1, 4);
        StagedModel m = model.build(DataType.FLOAT);
        Path params = dir.resolve("victim.params");
        ParameterIO.save(params, m.space(), m.initialParameters(5));
        return new DefenseConfig(data.get(), params, model, dir.resolve("run"), 0.25, 3, trainImages, 20, 4, 3, 2,
                4, 1e-3, 1, 2, 1e-2, 5e-3, 4, 2, 4, 2, 2, 2);
    }

    @Test
    void aSecondCertifyReadsBackWhatIsDoneAndCertifiesOnlyWhatIsNew() throws Exception {
        DefenseConfig config = tinyRun(40);
        CertifyConfig cc = new CertifyConfig(1, 10, 30, 0.001, 16);

        List<String> first = new ArrayList<>();
        List<MethodResult> a = new DefensePipeline(config, false, List.of()).certify(List.of(DefenseMethod.NONE), cc, first::add);
        assertTrue(first.stream().noneMatch(s -> s.contains("read back")), first.toString());

        List<String> second = new ArrayList<>();
        List<MethodResult> b = new DefensePipeline(config, false, List.of())
                .certify(List.of(DefenseMethod.NONE, DefenseMethod.MSE, DefenseMethod.ZO_AE), cc, second::add);
        assertTrue(second.stream().anyMatch(s -> s.startsWith("none: certificates read back")), second.toString());
        assertTrue(second.stream().noneMatch(s -> s.startsWith("mse: certificates read back")), second.toString());
        // with ZO-AE-DS certified, the report states what it starts from: F behind the pre-trained autoencoder
        double throughAe = Json.mapper().readTree(config.out().resolve("report/summary.json").toFile())
                .path("provenance").path("victim_clean_accuracy_through_pretrained_autoencoder").asDouble(-1);
        assertTrue(throughAe >= 0 && throughAe <= 1, "accuracy through the autoencoder: " + throughAe);
        assertEquals(a.get(0).certificates(), b.get(0).certificates());
        assertEquals(a.get(0).certifySeconds(), b.get(0).certifySeconds());

        List<String> third = new ArrayList<>();
        List<MethodResult> c = new DefensePipeline(config, false, List.of())
                .certify(List.of(DefenseMethod.NONE), new CertifyConfig(1, 10, 31, 0.001, 16), third::add);
        assertTrue(third.stream().noneMatch(s -> s.contains("read back")), "another n certifies afresh: " + third);
        assertEquals(31, c.get(0).certificates().get(0).certificate().samples());
    }

    @Test
    void theValidationSubsetCertifiesHeldOutTrainingImagesInItsOwnFolders() throws Exception {
        int trainImages = 40;
        DefenseConfig config = tinyRun(trainImages);
        Path data = config.data();
        CertifyConfig test = new CertifyConfig(2, 10, 30, 0.001, 16);
        CertifyConfig validation = new CertifyConfig(2, 10, 30, 0.001, 16, CertifyConfig.Subset.VALIDATION);

        List<MethodResult> v = new DefensePipeline(config, false, List.of())
                .certify(List.of(DefenseMethod.NONE), validation, s -> { });
        List<ImageCertificate> certs = v.get(0).certificates();
        assertEquals(20, certs.size());
        ImageSet train = Cifar10.train(data);
        int[] perClass = new int[ImageSet.CLASSES];
        for (ImageCertificate c : certs) {
            assertTrue(c.index() >= trainImages, "image " + c.index() + " is one the denoisers train on");
            assertEquals(train.label(c.index()), c.label(), "the label of training image " + c.index());
            perClass[c.label()]++;
        }
        assertArrayEquals(new int[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, perClass);
        assertTrue(Files.exists(config.out().resolve("certify-validation/none.csv")));
        assertEquals("validation", Json.mapper().readTree(config.out().resolve("report-validation/summary.json").toFile())
                .path("provenance").path("subset").asText());
        assertFalse(Files.exists(config.out().resolve("certify")) || Files.exists(config.out().resolve("report")),
                "the test subset's folders are left alone");

        // the test subset, certified afterwards in the same run folder, reads nothing of the validation's back
        List<String> progress = new ArrayList<>();
        List<MethodResult> t = new DefensePipeline(config, false, List.of())
                .certify(List.of(DefenseMethod.NONE), test, progress::add);
        assertTrue(progress.stream().noneMatch(s -> s.contains("read back")), progress.toString());
        assertEquals(Cifar10.test(data).label(t.get(0).certificates().get(0).index()),
                t.get(0).certificates().get(0).label());
        assertTrue(Files.exists(config.out().resolve("certify-validation/none.csv")));
    }
}
