package org.deepzero.defense.remote;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deepzero.common.Hashing;
import org.deepzero.defense.blackbox.VictimClassifier;
import org.deepzero.defense.denoise.Networks;
import org.deepzero.defense.train.DefenseConfig;
import org.deepzero.vision.data.Cifar10;
import org.deepzero.vision.data.ImageSet;
import org.deepzero.vision.model.ModelSpec;
import org.deepzero.vision.train.CifarBatchRecipe;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.query.DataMismatchException;

/**
 * The step-independent part of the defense's objectives as a cluster member rebuilds it: the black box F
 * from its parameters file (the training process's path, verified by its SHA-256) and architecture, the
 * CIFAR-10 training files (as {@link CifarBatchRecipe}: the same path or {@value CifarBatchRecipe#DATA_ENV},
 * verified by hash) from which the training images and F's batch-norm calibration come, and the shape of
 * the denoiser. A member whose parameters file or data differ is refused ({@link DataMismatchException},
 * one line). What it builds is kept per JVM, so a member loads F and the images once, not once per step.
 *
 * @param paramsFile absolute path of F's parameters on the training machine
 * @param paramsHash SHA-256 of that file's bytes
 */
public record BlackBoxRecipe(String victimKind, int victimDepth, int victimWidth, String paramsFile, String paramsHash,
                             String dataDir, String dataHash, int trainImages, int bnImages, int denoiserWidth,
                             int denoiserLayers) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Black boxes built on this JVM; a member serves one run, the second entry covers a change. */
    private static final Map<BlackBoxRecipe, Built> BUILT = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<BlackBoxRecipe, Built> e) {
            return size() > 2;
        }
    };

    /** What a member builds: the training images, F, and the denoiser's residual branch. */
    record Built(ImageSet train, VictimClassifier victim, StagedModel branch) {
    }

    /** The recipe of a run's settings (hashes F's parameters file and the training files). */
    public static BlackBoxRecipe of(DefenseConfig config) {
        ModelSpec m = config.victimModel();
        Path params = config.victimParams().toAbsolutePath().normalize();
        return new BlackBoxRecipe(m.kind().name(), m.depth(), m.width(), params.toString(), sha256(params),
                config.data().toAbsolutePath().toString(), CifarBatchRecipe.dataHash(config.data()),
                config.trainImages(), config.bnImages(), config.denoiserWidth(), config.denoiserLayers());
    }

    /** F, the images and the branch on this JVM, built on first use. */
    Built load() {
        synchronized (BUILT) {
            Built b = BUILT.get(this);
            if (b == null) {
                b = build();
                BUILT.put(this, b);
            }
            return b;
        }
    }

    private Built build() {
        Path params = Path.of(paramsFile);
        if (!Files.isRegularFile(params)) {
            throw new DataMismatchException("black-box parameters " + params + " are missing on this member");
        }
        String local = sha256(params);
        if (!local.equals(paramsHash)) {
            throw new DataMismatchException("black-box parameters " + params + " have hash " + local.substring(0, 12)
                    + ", the training process's have " + paramsHash.substring(0, Math.min(12, paramsHash.length())));
        }
        Path dir = CifarBatchRecipe.verifiedFolder(dataDir, dataHash);
        ModelSpec spec = new ModelSpec(ModelSpec.Kind.valueOf(victimKind), victimDepth, victimWidth);
        ImageSet all = Cifar10.train(dir);
        double[] theta = VictimClassifier.readParameters(params, spec);
        VictimClassifier victim = VictimClassifier.of(spec, theta, all, bnImages);
        return new Built(all.first(trainImages), victim, Networks.denoiserBranch(denoiserWidth, denoiserLayers));
    }

    private static String sha256(Path file) {
        try {
            return Hashing.sha256(file);
        } catch (IOException e) {
            throw new DataMismatchException("black-box parameters " + file + " cannot be read: " + e.getMessage());
        }
    }
}
