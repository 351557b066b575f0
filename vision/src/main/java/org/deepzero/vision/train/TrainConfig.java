package org.deepzero.vision.train;

import org.deepzero.common.InputException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.deepzero.vision.model.ModelSpec;

/**
 * Everything that determines a CIFAR-10 training run. Immutable; built with {@link #builder()}, whose
 * defaults are the DeepZero recipe: SGD with learning rate 0.1 and cosine decay over all steps,
 * momentum 0.9, weight decay 5e-4, forward-difference step μ = 5e-3, coordinate masks redrawn every
 * 5 epochs, ZO-GraSP on 25 images per class with q = 192.
 */
public final class TrainConfig {
    /** Calibration images for eval-mode batch norm by default. */
    public static final int DEFAULT_BN_IMAGES = 2000;

    private final Path data;
    private final ModelSpec model;
    private final Method method;
    private final double sparsity;
    private final Pruning pruning;
    private final Path ratiosFile;
    private final int queries;
    private final int epochs;
    private final int trainImages;
    private final int testImages;
    private final int batchSize;
    private final double learningRate;
    private final double momentum;
    private final double weightDecay;
    private final double mu;
    private final int maskEveryEpochs;
    private final int graspPerClass;
    private final int graspQueries;
    private final boolean augment;
    private final int bnImages;
    private final long seed;
    private final int threads;
    private final String executor;
    private final Path out;

    private TrainConfig(Builder b) {
        this.data = Objects.requireNonNull(b.data, "data folder");
        this.model = b.model;
        this.method = b.method;
        this.sparsity = b.sparsity;
        this.pruning = b.pruning;
        this.ratiosFile = b.ratiosFile;
        this.queries = b.queries;
        this.epochs = b.epochs;
        this.trainImages = b.trainImages;
        this.testImages = b.testImages;
        this.batchSize = b.batchSize;
        this.learningRate = b.learningRate;
        this.momentum = b.momentum;
        this.weightDecay = b.weightDecay;
        this.mu = b.mu;
        this.maskEveryEpochs = b.maskEveryEpochs;
        this.graspPerClass = b.graspPerClass;
        this.graspQueries = b.graspQueries;
        this.augment = b.augment;
        this.bnImages = b.bnImages;
        this.seed = b.seed;
        this.threads = b.threads;
        this.executor = b.executor != null ? b.executor : "local:" + b.threads;
        this.out = Objects.requireNonNull(b.out, "output folder");
        if (sparsity > 0 && method != Method.CGE) {
            throw new InputException("gradient sparsity applies to CGE only, not " + method);
        }
        if (ratiosFile != null && sparsity == 0) {
            throw new InputException("a layer-ratio file needs --sparsity > 0 (it is ignored otherwise)");
        }
    }

    /** A builder with DeepZero defaults; {@code data} and {@code out} must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /** CIFAR-10 folder. */
    public Path data() {
        return data;
    }

    public ModelSpec model() {
        return model;
    }

    public Method method() {
        return method;
    }

    /** Fraction of coordinates NOT estimated per step (0 = dense CGE; 0.9 = 10% of coordinates). */
    public double sparsity() {
        return sparsity;
    }

    public Pruning pruning() {
        return pruning;
    }

    /** Layer ratios written by {@code vision prune}; null to compute them at the start of training. */
    public Path ratiosFile() {
        return ratiosFile;
    }

    /** RGE directions per step; 0 means q = d (the paper's Fig. 2 setting). */
    public int queries() {
        return queries;
    }

    public int epochs() {
        return epochs;
    }

    /** Training images used, the first ones in file order (50,000 = all). */
    public int trainImages() {
        return trainImages;
    }

    /** Test images used for accuracy, the first ones in file order. */
    public int testImages() {
        return testImages;
    }

    public int batchSize() {
        return batchSize;
    }

    public double learningRate() {
        return learningRate;
    }

    public double momentum() {
        return momentum;
    }

    public double weightDecay() {
        return weightDecay;
    }

    /** Finite-difference step of CGE, RGE and ZO-GraSP. */
    public double mu() {
        return mu;
    }

    public int maskEveryEpochs() {
        return maskEveryEpochs;
    }

    public int graspPerClass() {
        return graspPerClass;
    }

    public int graspQueries() {
        return graspQueries;
    }

    /** Random crop and flip of training batches. */
    public boolean augment() {
        return augment;
    }

    /**
     * Training images (the first ones, unaugmented) whose batch-norm statistics eval mode uses at test
     * time; 0 normalises each test chunk with its own statistics.
     */
    public int bnImages() {
        return bnImages;
    }

    public long seed() {
        return seed;
    }

    /** Java threads that evaluate queries in parallel. */
    public int threads() {
        return threads;
    }

    /**
     * Where queries run ({@link org.deepzero.zo.query.QueryExecutors} syntax; {@code local:threads}
     * unless given). Not a setting of the run's numbers: every executor gives the same values.
     */
    public String executor() {
        return executor;
    }

    /** Run folder: metrics, checkpoints, final parameters. */
    public Path out() {
        return out;
    }

    /**
     * The settings that shape the run's numbers, by name (the data folder, thread count and output
     * folder do not): their canonical hash guards resumes and finished runs.
     */
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model.label());
        m.put("method", method.name().toLowerCase(Locale.ROOT));
        m.put("sparsity", sparsity);
        m.put("pruning", pruning.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("ratios", ratiosFile == null ? "-" : ratiosFile.toString());
        m.put("queries", queries);
        m.put("epochs", epochs);
        m.put("trainImages", trainImages);
        m.put("testImages", testImages);
        m.put("batch", batchSize);
        m.put("lr", learningRate);
        m.put("momentum", momentum);
        m.put("weightDecay", weightDecay);
        m.put("mu", mu);
        m.put("maskEvery", maskEveryEpochs);
        m.put("graspPerClass", graspPerClass);
        m.put("graspQueries", graspQueries);
        m.put("augment", augment);
        m.put("bnImages", bnImages);
        m.put("seed", seed);
        return m;
    }

    /** The settings ({@link #settings()}) as one line of {@code key=value} pairs, printed and recorded as provenance. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        settings().forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return b.toString();
    }

    /** Mutable builder; setters check their argument. */
    public static final class Builder {
        private Path data;
        private ModelSpec model = ModelSpec.cnn(1, 18);
        private Method method = Method.CGE;
        private double sparsity;
        private Pruning pruning = Pruning.ZO_GRASP;
        private Path ratiosFile;
        private int queries;
        private int epochs = 1;
        private int trainImages = 50_000;
        private int testImages = 10_000;
        private int batchSize = 256;
        private double learningRate = 0.1;
        private double momentum = 0.9;
        private double weightDecay = 5e-4;
        private double mu = 5e-3;
        private int maskEveryEpochs = 5;
        private int graspPerClass = 25;
        private int graspQueries = 192;
        private boolean augment = true;
        private int bnImages = DEFAULT_BN_IMAGES;
        private long seed;
        private int threads = Runtime.getRuntime().availableProcessors();
        private String executor;
        private Path out;

        private Builder() {
        }

        public Builder data(Path v) {
            data = v;
            return this;
        }

        public Builder model(ModelSpec v) {
            model = Objects.requireNonNull(v);
            return this;
        }

        public Builder method(Method v) {
            method = Objects.requireNonNull(v);
            return this;
        }

        public Builder sparsity(double v) {
            require(v >= 0 && v < 1, "sparsity must lie in [0, 1), got " + v);
            sparsity = v;
            return this;
        }

        public Builder pruning(Pruning v) {
            pruning = Objects.requireNonNull(v);
            return this;
        }

        public Builder ratiosFile(Path v) {
            ratiosFile = v;
            return this;
        }

        public Builder queries(int v) {
            require(v >= 0, "queries must be >= 0 (0: q = d), got " + v);
            queries = v;
            return this;
        }

        public Builder bnImages(int v) {
            require(v >= 0, "batch-norm calibration images must be >= 0, got " + v);
            bnImages = v;
            return this;
        }

        public Builder epochs(int v) {
            require(v >= 1, "epochs must be >= 1, got " + v);
            epochs = v;
            return this;
        }

        public Builder trainImages(int v) {
            require(v >= 1, "training images must be >= 1, got " + v);
            trainImages = v;
            return this;
        }

        public Builder testImages(int v) {
            require(v >= 1, "test images must be >= 1, got " + v);
            testImages = v;
            return this;
        }

        public Builder batchSize(int v) {
            require(v >= 1, "batch size must be >= 1, got " + v);
            batchSize = v;
            return this;
        }

        public Builder learningRate(double v) {
            require(v > 0 && Double.isFinite(v), "learning rate must be finite and > 0, got " + v);
            learningRate = v;
            return this;
        }

        public Builder momentum(double v) {
            require(v >= 0 && v < 1, "momentum must lie in [0, 1), got " + v);
            momentum = v;
            return this;
        }

        public Builder weightDecay(double v) {
            require(v >= 0 && Double.isFinite(v), "weight decay must be finite and >= 0, got " + v);
            weightDecay = v;
            return this;
        }

        public Builder mu(double v) {
            require(v > 0 && Double.isFinite(v), "mu must be finite and > 0, got " + v);
            mu = v;
            return this;
        }

        public Builder maskEveryEpochs(int v) {
            require(v >= 1, "mask period must be >= 1 epoch, got " + v);
            maskEveryEpochs = v;
            return this;
        }

        public Builder graspPerClass(int v) {
            require(v >= 1, "ZO-GraSP images per class must be >= 1, got " + v);
            graspPerClass = v;
            return this;
        }

        public Builder graspQueries(int v) {
            require(v >= 1, "ZO-GraSP queries must be >= 1, got " + v);
            graspQueries = v;
            return this;
        }

        public Builder augment(boolean v) {
            augment = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder threads(int v) {
            require(v >= 1, "threads must be >= 1, got " + v);
            threads = v;
            return this;
        }

        /** @throws InputException naming {@code --executor} when the value is malformed */
        public Builder executor(String v) {
            org.deepzero.zo.query.QueryExecutors.validate(v, "--executor");
            executor = v;
            return this;
        }

        public Builder out(Path v) {
            out = v;
            return this;
        }

        public TrainConfig build() {
            return new TrainConfig(this);
        }

        /** Settings come from the command line: a bad one is the user's mistake. */
        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new InputException(message);
            }
        }
    }
}
