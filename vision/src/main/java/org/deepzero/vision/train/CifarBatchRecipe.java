package org.deepzero.vision.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.deepzero.common.Hashing;
import org.deepzero.vision.data.Augmentation;
import org.deepzero.vision.data.BatchSampler;
import org.deepzero.vision.data.ChannelStats;
import org.deepzero.vision.data.Cifar10;
import org.deepzero.vision.data.ImageSet;
import org.deepzero.vision.model.ModelSpec;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.query.DataMismatchException;
import org.deepzero.zo.query.ObjectiveRecipe;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The CIFAR-10 loss of one training step as a cluster member rebuilds it: the model by name, the
 * training files from the member's own disk (the caller's path, or {@value #DATA_ENV} when set on the
 * member), verified against the caller's hash, and the mini-batch by (seed, epoch, index), which
 * {@link BatchSampler} draws without replaying earlier batches.
 */
public record CifarBatchRecipe(String modelKind, int depth, int width, String dataDir, String dataHash,
                               int trainImages, boolean augment, int batchSize, long seed, int epoch, int index)
        implements ObjectiveRecipe {
    private static final long serialVersionUID = 1L;
    /** Environment variable naming a member's CIFAR-10 folder when it differs from the caller's path. */
    public static final String DATA_ENV = "DEEPZERO_CIFAR10";

    private static final Map<String, String> HASHES = new ConcurrentHashMap<>();
    private static final Map<String, Loaded> LOADED = new ConcurrentHashMap<>();

    private record Loaded(ImageSet train, ChannelStats stats) {
    }

    /** The recipe of step (epoch, index) of {@code config}'s run; {@code dataHash} from {@link #dataHash}. */
    static CifarBatchRecipe of(TrainConfig config, String dataHash, int epoch, int index) {
        ModelSpec m = config.model();
        return new CifarBatchRecipe(m.kind().name(), m.depth(), m.width(), config.data().toAbsolutePath().toString(),
                dataHash, config.trainImages(), config.augment(), config.batchSize(), config.seed(), epoch, index);
    }

    /** SHA-256 over the training files' hashes, in file order; computed once per folder and JVM. */
    public static String dataHash(Path dir) {
        return HASHES.computeIfAbsent(dir.toAbsolutePath().toString(), k -> {
            List<String> parts = new ArrayList<>();
            for (Path f : Cifar10.files(dir, Cifar10.Split.TRAIN)) {
                try {
                    parts.add(f.getFileName() + "=" + Hashing.sha256(f));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
                }
            }
            return Hashing.ofText(String.join("\n", parts));
        });
    }

    /**
     * This member's CIFAR-10 folder ({@value #DATA_ENV} when set, else the training process's
     * {@code dataDir}), checked against the training process's {@link #dataHash}.
     *
     * @throws DataMismatchException one line naming the folder and both hashes when they differ
     */
    public static Path verifiedFolder(String dataDir, String dataHash) {
        String env = System.getenv(DATA_ENV);
        Path dir = Path.of(env != null && !env.isBlank() ? env : dataDir);
        String local = dataHash(dir);
        if (!local.equals(dataHash)) {
            throw new DataMismatchException("CIFAR-10 training files in " + dir + " have hash " + local.substring(0, 12)
                    + ", the training process's have " + dataHash.substring(0, Math.min(12, dataHash.length())));
        }
        return dir;
    }

    @Override
    public Objective build() {
        Path dir = verifiedFolder(dataDir, dataHash);
        // the same statistics as VisionTraining: of the whole training split, whatever subset is trained on
        Loaded d = LOADED.computeIfAbsent(dir.toAbsolutePath() + "#" + trainImages, k -> {
            ImageSet train = Cifar10.train(dir, trainImages);
            return new Loaded(train, ChannelStats.of(trainImages >= 50_000 ? train : Cifar10.train(dir)));
        });
        BatchSampler sampler = new BatchSampler(d.train(), d.stats(), augment ? Augmentation.STANDARD : Augmentation.NONE,
                batchSize, seed);
        return VisionTraining.objective(new ModelSpec(ModelSpec.Kind.valueOf(modelKind), depth, width)
                .build(DataType.FLOAT), sampler.batch(epoch, index));
    }
}
