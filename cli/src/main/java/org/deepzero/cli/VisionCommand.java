package org.deepzero.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.deepzero.common.InputException;
import org.deepzero.common.ProgressPrinter;
import org.deepzero.vision.data.ChannelStats;
import org.deepzero.vision.data.Cifar10;
import org.deepzero.vision.data.Cifar10Location;
import org.deepzero.vision.data.ImageSet;
import org.deepzero.vision.model.ModelSpec;
import org.deepzero.vision.prune.PruneConfig;
import org.deepzero.vision.prune.RatioGeneration;
import org.deepzero.vision.train.EpochResult;
import org.deepzero.vision.train.Method;
import org.deepzero.vision.train.Pruning;
import org.deepzero.vision.train.TestAccuracy;
import org.deepzero.vision.train.TrainConfig;
import org.deepzero.vision.train.VisionTraining;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.param.ParameterIO;
import org.deepzero.zo.query.QueryExecutor;
import org.deepzero.zo.query.QueryExecutors;
import org.nd4j.linalg.api.buffer.DataType;
import org.deepzero.zo.train.TrainingProgress;
import org.deepzero.zo.train.TrainingListener;

/**
 * {@code deepzero vision train|prune|evaluate}: CIFAR-10 image classification trained by DeepZero.
 * {@code train} runs FO (autodiff), CGE (dense or sparse) or RGE training with the DeepZero recipe as
 * defaults; {@code prune} writes the layer-wise sparsity ratios (DeepZero's generate_layer_ratio step)
 * that {@code train --ratios} reads; {@code evaluate} gives the test accuracy of saved parameters.
 * Thin: parses, builds the settings, calls {@code vision}.
 */
public final class VisionCommand implements Command {

    public VisionCommand() {
    }

    @Override
    public String name() {
        return "vision";
    }

    @Override
    public String summary() {
        return "CIFAR-10 classification by DeepZero: 'train' a CNN or ResNet-20 (fo|cge|rge), 'prune' writes layer"
                + " ratios, 'evaluate' tests saved parameters";
    }

    @Override
    public String arguments() {
        return "train|prune|evaluate";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(opt("data", "DIR", "CIFAR-10 folder: cifar10-train-*.bin/cifar10-test-*.bin or data_batch_1..5.bin/test_batch.bin"
                + " (default: -D" + Cifar10Location.PROPERTY + ", else " + Cifar10Location.DEFAULT_BESIDE_ROOT
                + " beside the repository root)"));
        o.addOption(opt("model", "NAME", "cnn | resnet20 (default cnn)"));
        o.addOption(opt("depth", "D", "CNN blocks conv-BN-ReLU-maxpool, 1..5 (default 1)"));
        o.addOption(opt("width", "W", "CNN channels per block (default 18; the paper uses 18 to 24)"));
        o.addOption(opt("method", "M", "train: fo | cge | rge (default cge)"));
        o.addOption(opt("sparsity", "S", "fraction of coordinates NOT estimated per CGE step, e.g. 0.9 (default 0: dense)"));
        o.addOption(opt("pruning", "P", "layer ratios from zo-grasp | zo-grasp-cge (coordinate-wise, 2d+2 queries) | random (default zo-grasp)"));
        o.addOption(opt("ratios", "FILE", "train: layer ratios written by 'vision prune' (default: computed at the start)"));
        o.addOption(opt("queries", "Q", "train: RGE directions per step (default d, the parameter count); prune: ZO-GraSP queries (default 192)"));
        o.addOption(opt("grasp-queries", "Q", "train: ZO-GraSP queries when ratios are computed at the start (default 192)"));
        o.addOption(opt("per-class", "K", "ZO-GraSP images per class (default 25)"));
        o.addOption(opt("epochs", "E", "train: epochs (default 1)"));
        o.addOption(opt("train-images", "N", "training images used, the first N in file order (default 50000)"));
        o.addOption(opt("test-images", "N", "train, evaluate: test images for accuracy, the first N (default 10000)"));
        o.addOption(opt("bn-images", "N", "train, evaluate: training images (first N, unaugmented) whose statistics"
                + " eval-mode batch norm uses at test time (default " + TrainConfig.DEFAULT_BN_IMAGES
                + "; 0: each 500-image test chunk normalised with its own statistics)"));
        o.addOption(opt("params", "FILE", "evaluate: parameter file, e.g. final.params of a train run folder (required)"));
        o.addOption(opt("batch", "B", "train: mini-batch size (default 256)"));
        o.addOption(opt("lr", "RATE", "train: SGD learning rate, cosine-decayed to 0 (default 0.1)"));
        o.addOption(opt("momentum", "M", "train: SGD momentum (default 0.9)"));
        o.addOption(opt("weight-decay", "L", "train: L2 weight decay (default 5e-4)"));
        o.addOption(opt("mu", "STEP", "finite-difference step (default 5e-3)"));
        o.addOption(opt("mask-every", "E", "train: redraw sparse-CGE masks every E epochs (default 5)"));
        o.addOption(Option.builder().longOpt("no-augment").desc("train: no random crop and flip").build());
        o.addOption(opt("seed", "S", "seed of initialisation, data order, augmentation, masks (default 0)"));
        o.addOption(opt("threads", "T", "Java threads evaluating queries (default: all cores)"));
        o.addOption(Args.executorOption());
        o.addOption(opt("progress", "K", "train: K progress lines per run when standard error is not a terminal"
                + " (default 20; on a terminal one line is updated in place)"));
        o.addOption(opt("out", "PATH", "train: run folder (metrics, checkpoints); prune: ratios file (required)"));
        o.addOption(Option.builder().longOpt("resume").desc("train: continue from the run folder's latest checkpoint").build());
        return o;
    }

    private static Option opt(String name, String arg, String desc) {
        return Option.builder().longOpt(name).hasArg().argName(arg).desc(desc).build();
    }

    @Override
    public int run(CommandLine line, PrintStream out) {
        String action = Args.positional(line, "train|prune|evaluate");
        if (!List.of("train", "prune", "evaluate").contains(action)) {
            throw new UsageException("expected 'train', 'prune' or 'evaluate' after 'vision', got '" + action + "'");
        }
        Path data = Cifar10Location.resolve(line.hasOption("data") ? Path.of(line.getOptionValue("data")) : null)
                .orElseThrow(() -> new UsageException("--data DIR is required here: no CIFAR-10 in "
                        + Cifar10Location.candidate() + " (-D" + Cifar10Location.PROPERTY + ", else the default beside the"
                        + " repository root)"));
        if (line.hasOption("data") && !java.nio.file.Files.isDirectory(data)) {
            throw new UsageException("--data " + data + ": not a folder (give the folder holding the CIFAR-10 binary files)");
        }
        if (action.equals("evaluate")) {
            return evaluate(line, out, data, model(line));
        }
        Path target = required(line, "out");
        ModelSpec model = model(line);
        double sparsity = Args.doubleOption(line, "sparsity", 0.0, 0.0, 0.999);
        Pruning pruning = switch (Args.choice(line, "pruning", "zo-grasp", "zo-grasp", "zo-grasp-cge", "random")) {
            case "random" -> Pruning.RANDOM;
            case "zo-grasp-cge" -> Pruning.ZO_GRASP_CGE;
            default -> Pruning.ZO_GRASP;
        };
        int perClass = Args.intOption(line, "per-class", 25, 1);
        double mu = Args.doubleOption(line, "mu", 5e-3, 1e-12, 1.0);
        long seed = Args.intOption(line, "seed", 0, 0);
        int trainImages = Args.intOption(line, "train-images", 50_000, 1);
        return switch (action) {
            case "train" -> train(line, out, data, target, model, sparsity, pruning, perClass, mu, seed, trainImages);
            case "prune" -> prune(line, out, data, target, model, sparsity, pruning, perClass, mu, seed, trainImages);
            default -> throw new UsageException("expected 'train', 'prune' or 'evaluate' after 'vision', got '"
                    + action + "'");
        };
    }

    private static int train(CommandLine line, PrintStream out, Path data, Path runDir, ModelSpec model,
                             double sparsity, Pruning pruning, int perClass, double mu, long seed, int trainImages) {
        Method method = Method.valueOf(Args.choice(line, "method", "cge", "fo", "cge", "rge").toUpperCase(Locale.ROOT));
        if (sparsity > 0 && method != Method.CGE) {
            throw new UsageException("--sparsity applies to --method cge only");
        }
        if (line.hasOption("ratios") && sparsity == 0) {
            throw new UsageException("--ratios needs --sparsity > 0");
        }
        TrainConfig config = TrainConfig.builder()
                .data(data).out(runDir).model(model).method(method)
                .sparsity(sparsity).pruning(pruning).ratiosFile(Args.pathOption(line, "ratios", null))
                .queries(Args.intOption(line, "queries", 0, 1))
                .graspQueries(Args.intOption(line, "grasp-queries", 192, 1))
                .graspPerClass(perClass)
                .epochs(Args.intOption(line, "epochs", 1, 1))
                .trainImages(trainImages)
                .testImages(Args.intOption(line, "test-images", 10_000, 1))
                .batchSize(Args.intOption(line, "batch", 256, 1))
                .learningRate(Args.doubleOption(line, "lr", 0.1, 1e-12, 100))
                .momentum(Args.doubleOption(line, "momentum", 0.9, 0, 0.999))
                .weightDecay(Args.doubleOption(line, "weight-decay", 5e-4, 0, 1))
                .mu(mu)
                .maskEveryEpochs(Args.intOption(line, "mask-every", 5, 1))
                .augment(!line.hasOption("no-augment"))
                .bnImages(Args.intOption(line, "bn-images", TrainConfig.DEFAULT_BN_IMAGES, 0))
                .seed(seed)
                .threads(Args.intOption(line, "threads", Runtime.getRuntime().availableProcessors(), 1))
                .executor(Args.executor(line))
                .build();
        boolean resume = line.hasOption("resume");
        int progressLines = Args.intOption(line, "progress", 20, 1);
        Args.outputFolder(runDir, "--out");
        out.println("vision train: " + config + (resume ? " (resuming)" : ""));
        TrainingListener epochLine = r -> {
            Double acc = r.metrics().get("test_accuracy");
            if (acc != null) {
                out.printf(Locale.ROOT, "epoch %.0f: test accuracy %.2f%%, test loss %.4f, %.1f s training%n",
                        r.metrics().get("epoch"), acc, r.metrics().get("test_loss"), r.metrics().get("epoch_train_s"));
            }
        };
        VisionTraining.Summary s = VisionTraining.run(config, resume,
                List.of(new TrainingProgress("train", ProgressPrinter.onStandardError(progressLines)), epochLine));
        out.printf(Locale.ROOT, "%d parameters, %d steps per epoch%n", s.dimension(), s.stepsPerEpoch());
        out.println("epoch  test_accuracy_%  test_loss  train_s");
        for (EpochResult e : s.epochs()) {
            out.printf(Locale.ROOT, "%5d  %15.2f  %9.4f  %7.1f%n", e.epoch(), e.testAccuracy(), e.testLoss(), e.trainSeconds());
        }
        out.printf(Locale.ROOT, "done: %d/%d steps, %d queries, %.1f s; run folder %s%n", s.result().completedSteps(),
                s.stepsPerEpoch() * config.epochs(), s.result().totalQueries(), s.result().wallSeconds(), runDir);
        return 0;
    }

    private static int evaluate(CommandLine line, PrintStream out, Path data, ModelSpec spec) {
        Path file = required(line, "params");
        StagedModel model = spec.build(DataType.FLOAT);
        double[] theta;
        try {
            theta = ParameterIO.load(file, model.space());
        } catch (NoSuchFileException e) {
            throw new UsageException("--params: no such file " + file);
        } catch (InputException e) {
            throw new InputException(file, "--params " + e.getMessage() + " (is it a run of --model " + spec.label() + "?)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("--params: cannot read " + file + ": " + e.getMessage(), e);
        }
        int bnImages = Args.intOption(line, "bn-images", TrainConfig.DEFAULT_BN_IMAGES, 0);
        // read once: the normalisation uses the whole training split, as in train; calibration its first images
        ImageSet all = Cifar10.train(data);
        ImageSet train = all.first(Args.intOption(line, "train-images", 50_000, 1));
        ImageSet test = Cifar10.test(data, Args.intOption(line, "test-images", 10_000, 1));
        TestAccuracy.Result r;
        try {
            r = VisionTraining.testAccuracy(model, train, test, ChannelStats.of(all), bnImages).evaluate(theta);
        } catch (IllegalArgumentException e) {
            // the file read, but its values overflow the network (damaged, or saved from a diverged run)
            throw new UsageException("--params " + file + ": the parameters give no finite result ("
                    + e.getMessage() + ")");
        }
        out.printf(Locale.ROOT, "%s, %s: test accuracy %.2f%%, test loss %.4f on %d images (batch norm: %s)%n",
                file, spec.label(), 100 * r.accuracy(), r.loss(), r.images(),
                !model.hasBatchNorm() ? "none" : bnImages == 0 ? "statistics of each 500-image chunk"
                        : "eval mode, statistics of " + Math.min(bnImages, train.size()) + " training images");
        return 0;
    }

    private static int prune(CommandLine line, PrintStream out, Path data, Path file, ModelSpec model,
                             double sparsity, Pruning pruning, int perClass, double mu, long seed, int trainImages) {
        if (sparsity == 0) {
            throw new UsageException("--sparsity is required for prune (e.g. 0.9)");
        }
        String executor = Args.executor(line); // checked before anything is printed
        PruneConfig config = new PruneConfig(data, model, sparsity, pruning, perClass,
                Args.intOption(line, "queries", 192, 1), mu, seed, trainImages);
        if (java.nio.file.Files.isDirectory(file)) {
            throw new UsageException("--out " + file + ": is a folder; prune writes a ratios file");
        }
        Args.outputFolder(file.toAbsolutePath().getParent(), "--out " + file + ": folder");
        out.println("vision prune: " + config);
        RatioGeneration.Result r;
        try (QueryExecutor x = QueryExecutors.fromSpec(executor)) {
            r = RatioGeneration.run(config, file, x);
        }
        out.println(r.describe());
        out.println("wrote " + file);
        return 0;
    }

    private static ModelSpec model(CommandLine line) {
        String kind = Args.choice(line, "model", "cnn", "cnn", "resnet20");
        if (kind.equals("resnet20")) {
            if (line.hasOption("depth") || line.hasOption("width")) {
                throw new UsageException("--depth and --width apply to --model cnn only");
            }
            return ModelSpec.resnet20();
        }
        int depth = Args.intOption(line, "depth", 1, 1);
        if (depth > 5) {
            throw new UsageException("--depth: the CNN family has 1 to 5 blocks, got " + depth);
        }
        return ModelSpec.cnn(depth, Args.intOption(line, "width", 18, 1));
    }

    private static Path required(CommandLine line, String name) {
        if (!line.hasOption(name)) {
            throw new UsageException("--" + name + " is required");
        }
        return Args.path("--" + name, line.getOptionValue(name));
    }
}
