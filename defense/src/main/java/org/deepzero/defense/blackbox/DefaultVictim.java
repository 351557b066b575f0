package org.deepzero.defense.blackbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deepzero.common.Hashing;
import org.deepzero.vision.model.ModelSpec;
import org.deepzero.vision.train.Method;
import org.deepzero.vision.train.TrainConfig;
import org.deepzero.vision.train.VisionTraining;
import org.deepzero.zo.train.CheckpointStore;
import org.deepzero.zo.train.TrainingListener;

/**
 * The black box the default pipeline trains when the user gives none: {@code vision train}'s first-order
 * run of the given network, 3 epochs of batch 128 on all 50,000 training images without augmentation,
 * seed 0, in {@code <out>/victim}. The same as
 * <pre>
 *   deepzero vision train --model cnn --depth 3 --width 18 --method fo --epochs 3 --batch 128 --no-augment \
 *       --seed 0 --test-images 2000 --out &lt;out&gt;/victim
 * </pre>
 * A finished run with the same settings is read back; an unfinished one resumes from its checkpoint. The
 * seed is fixed, not the defense's: a defense study over seeds attacks one and the same black box.
 */
public final class DefaultVictim {
    private DefaultVictim() {
    }

    /** The run's settings. */
    public static TrainConfig config(Path data, ModelSpec model, Path out, int threads) {
        return TrainConfig.builder().data(data).model(model).method(Method.FO).epochs(3).batchSize(128)
                .augment(false).seed(0).testImages(2000).threads(threads).out(out.resolve("victim")).build();
    }

    /** Where the run leaves the black box's parameters. */
    public static Path parameters(TrainConfig config) {
        return config.out().resolve("final.params");
    }

    /** Trains the black box, or reads back a finished run; returns its parameters file. */
    public static Path trainOrReuse(TrainConfig config, List<? extends TrainingListener> listeners) {
        Path params = parameters(config);
        if (Files.isRegularFile(params) && recordsSettings(config)) {
            return params;
        }
        boolean resume = Files.isRegularFile(config.out().resolve(CheckpointStore.LATEST)) && recordsSettings(config);
        VisionTraining.run(config, resume, listeners);
        return params;
    }

    /** Whether the run folder records these settings (its config.txt carries their hash). */
    private static boolean recordsSettings(TrainConfig config) {
        Path record = config.out().resolve("config.txt");
        if (!Files.isRegularFile(record)) {
            return false;
        }
        try {
            return Files.readAllLines(record).contains("configHash=" + Hashing.ofSettings(config.settings()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + record + ": " + e.getMessage(), e);
        }
    }
}
