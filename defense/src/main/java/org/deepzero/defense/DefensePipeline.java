package org.deepzero.defense;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.deepzero.common.Hashing;
import org.deepzero.defense.blackbox.BlackBox;
import org.deepzero.defense.blackbox.VictimClassifier;
import org.deepzero.defense.certify.CertificateStore;
import org.deepzero.defense.certify.Certifier;
import org.deepzero.defense.certify.ImageCertificate;
import org.deepzero.defense.certify.NoisyClassifier;
import org.deepzero.defense.certify.SmoothedEvaluation;
import org.deepzero.defense.denoise.Networks;
import org.deepzero.defense.report.MethodResult;
import org.deepzero.defense.report.ReportWriter;
import org.deepzero.defense.train.BaseClassifiers;
import org.deepzero.defense.train.DefenseConfig;
import org.deepzero.defense.train.DefenseMethod;
import org.deepzero.defense.train.DefenseTraining;
import org.deepzero.defense.train.NoisyBatches;
import org.deepzero.defense.train.StabilityLoss;
import org.deepzero.defense.train.TrainingCost;
import org.deepzero.vision.data.ClassBalancedSampler;
import org.deepzero.vision.data.Cifar10;
import org.deepzero.vision.data.ImageSet;
import org.deepzero.zo.train.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The defense end to end: load the data and the black box (checking every input before anything is
 * written), train each method's denoiser ({@link DefenseTraining}), certify each smoothed classifier on
 * the same class-balanced test subset with the same noise, and write the report.
 */
public final class DefensePipeline {
    private final DefenseConfig config;
    private final ImageSet train;
    private final VictimClassifier victim;
    private final DefenseTraining training;

    /**
     * Loads CIFAR-10 and the victim. Bad input (missing data, a parameters file of another network) raises
     * an {@link org.deepzero.common.InputException} naming the file before anything is written.
     */
    public DefensePipeline(DefenseConfig config, boolean resume, List<? extends TrainingListener> listeners) {
        this(config, resume, listeners, null);
    }

    /** @param executor where training queries run (the caller opens and closes it); null: local threads */
    public DefensePipeline(DefenseConfig config, boolean resume, List<? extends TrainingListener> listeners,
                           org.deepzero.zo.query.QueryExecutor executor) {
        this.config = config;
        double[] theta = VictimClassifier.readParameters(config.victimParams(), config.victimModel());
        Cifar10.files(config.data(), Cifar10.Split.TEST); // a missing test split is reported before any work
        ImageSet all = Cifar10.train(config.data());
        this.train = all.first(config.trainImages());
        this.victim = VictimClassifier.of(config.victimModel(), theta, all, config.bnImages());
        this.training = new DefenseTraining(config, train, resume, listeners, executor);
    }

    /** Trains one method (reusing finished runs) and returns what it cost. */
    public DefenseTraining.Trained train(DefenseMethod method) {
        return training.train(method, victim.asBlackBox(), victim);
    }

    /**
     * Trains what is missing, certifies every method on the subset {@code cc} names, writes the report to
     * {@code out/report} (the test subset) or {@code out/report-validation}.
     */
    public List<MethodResult> certify(List<DefenseMethod> methods, CertifyConfig cc, Consumer<String> progress) {
        ImageSet split = cc.subset() == CertifyConfig.Subset.TEST ? Cifar10.test(config.data()) : Cifar10.train(config.data());
        int[] indices = subsetIndices(split, cc);
        ImageSet certified = split.subset(indices);
        INDArray images = NoisyBatches.tensor(certified);
        int[] labels = certified.labels();
        Certifier certifier = new Certifier(config.sigma(), cc.n0(), cc.n(), cc.alpha(), cc.chunk());
        List<MethodResult> results = new ArrayList<>();
        String victimSha = sha256(config.victimParams());
        for (DefenseMethod m : methods) {
            DefenseTraining.Trained t = train(m);
            // a run read back reports what it cost when it was trained
            TrainingCost cost = t.reused() ? training.recordedCost(m).orElse(null) : null;
            long trainQueries = cost != null ? cost.blackBoxQueries() : t.blackBoxQueries();
            double trainSeconds = cost != null ? cost.wallSeconds() : t.wallSeconds();
            int steps = m == DefenseMethod.NONE || m == DefenseMethod.MSE ? 0 : config.steps();
            progress.accept(String.format(java.util.Locale.ROOT, "%s: trained (%d black-box queries, %.0f s%s); certifying %d images, n = %d",
                    m.id(), trainQueries, trainSeconds, t.reused() && steps > 0 ? ", read back" : "", indices.length, cc.n()));
            Path stored = config.out().resolve(cc.subset().certificatesFolder()).resolve(m.id() + ".csv");
            String key = certificationKey(t, certifier, indices, victimSha, cc.subset());
            Optional<CertificateStore.Stored> done = CertificateStore.load(stored, key);
            if (done.isPresent()) {
                progress.accept(m.id() + ": certificates read back from " + stored);
                results.add(new MethodResult(m.id(), done.get().certificates(), trainQueries, trainSeconds,
                        steps, done.get().seconds()));
                continue;
            }
            BlackBox box = victim.asBlackBox();
            NoisyClassifier f = BaseClassifiers.of(t, training.branch(), config.encoderWidth(), box,
                    train.first(config.bnImages()), config.sigma(), config.seed());
            long start = System.nanoTime();
            int every = Math.max(1, indices.length / 10);
            List<ImageCertificate> certs = SmoothedEvaluation.run(certifier, f, images, indices, labels, config.seed(),
                    config.threads(), k -> {
                        if (k % every == 0 && k < indices.length) {
                            progress.accept(String.format(java.util.Locale.ROOT, "%s: certified %d/%d images, %.0f s",
                                    m.id(), k, indices.length, (System.nanoTime() - start) * 1e-9));
                        }
                    });
            double seconds = (System.nanoTime() - start) * 1e-9;
            CertificateStore.save(stored, key, certs, seconds);
            results.add(new MethodResult(m.id(), certs, trainQueries, trainSeconds, steps, seconds));
            progress.accept(String.format(java.util.Locale.ROOT, "%s: certified in %.0f s (%d black-box queries)",
                    m.id(), seconds, box.queries()));
        }
        Map<String, Object> provenance = provenance(cc, indices.length);
        provenance.put("subset", cc.subset().id());
        provenance.put("victim_clean_accuracy_on_subset", accuracy(x -> StabilityLoss.labelsOf(victim.asBlackBox(), x), images, labels));
        if (methods.stream().anyMatch(DefenseMethod::usesAutoencoder)) {
            // what ZO-AE-DS starts from: F behind the pre-trained autoencoder, on the clean subset
            double[] ae = training.pretrainedAutoencoder();
            int e = Networks.encoder(config.encoderWidth()).space().dimension();
            NoisyClassifier throughAe = BaseClassifiers.throughAutoencoder(java.util.Arrays.copyOfRange(ae, 0, e),
                    java.util.Arrays.copyOfRange(ae, e, ae.length), config.encoderWidth(), victim.asBlackBox());
            provenance.put("victim_clean_accuracy_through_pretrained_autoencoder", accuracy(throughAe, images, labels));
        }
        Path report = config.out().resolve(cc.subset().reportFolder());
        try {
            ReportWriter.write(report, results, provenance, certifier.maxRadius());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report to " + report + ": " + e.getMessage(), e);
        }
        return results;
    }

    /**
     * The certified images' indices into {@code split}, ascending: a class-balanced sample, drawn from the seed,
     * of the whole test split, or of the training images after the first {@code trainImages}.
     */
    private int[] subsetIndices(ImageSet split, CertifyConfig cc) {
        int[] indices;
        if (cc.subset() == CertifyConfig.Subset.TEST) {
            indices = ClassBalancedSampler.sample(split, cc.perClass(), config.seed());
        } else {
            int from = config.trainImages();
            int[] heldOut = java.util.stream.IntStream.range(from, split.size()).toArray();
            if (heldOut.length == 0) {
                throw new org.deepzero.common.InputException("--subset validation: --train-images " + from
                        + " leaves no training image held out");
            }
            indices = ClassBalancedSampler.sample(split.subset(heldOut), cc.perClass(), config.seed());
            for (int i = 0; i < indices.length; i++) {
                indices[i] += from;
            }
        }
        java.util.Arrays.sort(indices);
        return indices;
    }

    /**
     * What one method's certificates depend on: the certified classifier (the black box's parameters, the
     * trained θ and decoder, σ, batch-norm calibration, encoder width), the noise seed, the subset and
     * CERTIFY's settings. Threads and the output folder do not enter: certificates do not depend on them.
     */
    private String certificationKey(DefenseTraining.Trained t, Certifier certifier, int[] indices, String victimSha,
                                    CertifyConfig.Subset subset) {
        Map<String, Object> k = new LinkedHashMap<>();
        if (subset != CertifyConfig.Subset.TEST) {
            k.put("split", subset.id()); // the test subset's key is as it was before validation existed
        }
        k.put("method", t.method().id());
        k.put("victim_params_sha256", victimSha);
        k.put("victim_model", config.victimModel().label());
        k.put("theta", t.theta() == null ? "-" : Hashing.sha256(t.theta()));
        k.put("decoder", t.decoderTheta() == null ? "-" : Hashing.sha256(t.decoderTheta()));
        k.put("sigma", config.sigma());
        k.put("seed", config.seed());
        k.put("bn_images", config.bnImages());
        k.put("encoder_width", config.encoderWidth());
        k.put("denoiser", config.denoiserWidth() + "x" + config.denoiserLayers());
        k.put("n0", certifier.n0());
        k.put("n", certifier.n());
        k.put("alpha", certifier.alpha());
        k.put("chunk", certifier.chunk());
        k.put("subset", Hashing.sha256(indices));
        return Hashing.ofSettings(k);
    }

    /** Accuracy of a classifier on the clean subset. */
    private static double accuracy(NoisyClassifier f, INDArray images, int[] labels) {
        int[] p = f.classify(images);
        int hits = 0;
        for (int i = 0; i < p.length; i++) {
            hits += p[i] == labels[i] ? 1 : 0;
        }
        return (double) hits / p.length;
    }

    private Map<String, Object> provenance(CertifyConfig cc, int images) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("created", Instant.now().toString());
        p.put("code_version", String.valueOf(DefensePipeline.class.getPackage().getImplementationVersion()));
        p.put("victim_params", config.victimParams().toString());
        p.put("victim_params_sha256", sha256(config.victimParams()));
        p.put("victim_model", config.victimModel().label());
        p.put("data", config.data().toString());
        p.put("sigma", config.sigma());
        p.put("seed", config.seed());
        p.put("test_images", images);
        p.put("test_subset", cc.subset() == CertifyConfig.Subset.TEST
                ? "class-balanced, " + cc.perClass() + " per class, ClassBalancedSampler seed " + config.seed()
                : "validation: class-balanced, " + cc.perClass() + " per class of training images " + config.trainImages()
                        + " and after (held out from fine-tuning and pre-training; F was trained on them),"
                        + " ClassBalancedSampler seed " + config.seed());
        p.put("n0", cc.n0());
        p.put("n", cc.n());
        p.put("alpha", cc.alpha());
        p.put("settings", config.toString());
        return p;
    }

    private static String sha256(Path file) {
        try {
            return Hashing.sha256(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
