package org.deepzero.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deepzero.defense.CertifyConfig;
import org.deepzero.defense.DefensePipeline;
import org.deepzero.defense.blackbox.DefaultVictim;
import org.deepzero.defense.certify.CertifiedAccuracy;
import org.deepzero.defense.report.MethodResult;
import org.deepzero.defense.report.ReportWriter;
import org.deepzero.defense.train.DefenseConfig;
import org.deepzero.defense.train.DefenseMethod;
import org.deepzero.defense.train.DefenseTraining;
import org.deepzero.zo.query.QueryExecutor;
import org.deepzero.zo.query.QueryExecutors;
import org.deepzero.vision.model.ModelSpec;
import org.deepzero.vision.train.TrainConfig;
import org.deepzero.common.ProgressPrinter;
import org.deepzero.zo.train.TrainingProgress;

/**
 * {@code deepzero defense train|certify}: certified robustness of a query-only CIFAR-10 classifier by
 * denoised smoothing, the denoiser trained through the black box by DeepZero (or a baseline). Thin: parses,
 * builds the settings, calls {@code defense}.
 */
public final class DefenseCommand implements Command {
    private static final String ALL = "none,mse,zo-ae,zo-ae-cge,deepzero,fo";
    /** The default pipeline: F alone and both zeroth-order methods (the full table adds mse, zo-ae-cge and fo). */
    private static final String DEFAULT_CERTIFY = "none,zo-ae,deepzero";

    @Override
    public String name() {
        return "defense";
    }

    @Override
    public String summary() {
        return "black-box defense: 'train' a denoiser through a query-only classifier (deepzero|zo-ae|zo-ae-cge|fo),"
                + " 'certify' smoothed classifiers and write a report";
    }

    @Override
    public String arguments() {
        return "train|certify";
    }

    @Override
    public Options options() {
        DefenseConfig d = DefenseConfig.defaults(Path.of("."), Path.of("."), ModelSpec.cnn(3, 18), Path.of("."));
        CertifyConfig c = CertifyConfig.defaults();
        Options o = new Options();
        o.addOption(opt("data", "DIR", "CIFAR-10 folder (required)"));
        o.addOption(opt("params", "FILE", "the black box: parameters saved by 'vision train' (default: train one first-order,"
                + " 3 epochs, into <out>/victim, or reuse it)"));
        o.addOption(opt("model", "NAME", "the black box's network: cnn | resnet20 (default cnn)"));
        o.addOption(opt("depth", "D", "the black box's CNN depth (default 3)"));
        o.addOption(opt("width", "W", "the black box's CNN width (default 18)"));
        o.addOption(opt("out", "DIR", "run folder: victim/ (without --params), pretrain-*/, train-<method>/, certify/, report/ (required)"));
        o.addOption(opt("method", "M", "train: one of " + ALL + "; certify: a comma list of them (default " + DEFAULT_CERTIFY + ")"));
        o.addOption(opt("sigma", "S", "noise level σ, [0, 1] pixel units (default " + d.sigma() + ")"));
        o.addOption(opt("seed", "S", "seed of everything random (default " + d.seed() + ")"));
        o.addOption(opt("train-images", "N", "training images, the first N (default " + d.trainImages() + ")"));
        o.addOption(opt("bn-images", "N", "training images calibrating eval-mode batch norm (default " + d.bnImages() + ")"));
        o.addOption(opt("denoiser-width", "C", "denoiser channels (default " + d.denoiserWidth() + ")"));
        o.addOption(opt("denoiser-layers", "L", "denoiser convolutions (default " + d.denoiserLayers() + ")"));
        o.addOption(opt("pretrain-steps", "K", "MSE pre-training steps of the denoiser (default " + d.pretrainSteps() + ")"));
        o.addOption(opt("ae-steps", "K", "reconstruction pre-training steps of the ZO-AE-DS autoencoder (default " + d.aeSteps() + ")"));
        o.addOption(opt("pretrain-batch", "B", "their mini-batch (default " + d.pretrainBatch() + ")"));
        o.addOption(opt("pretrain-lr", "RATE", "their Adam learning rate (default " + d.pretrainLr() + ")"));
        o.addOption(opt("steps", "K", "fine-tuning steps through the black box (default " + d.steps() + ")"));
        o.addOption(opt("batch", "B", "fine-tuning mini-batch (default " + d.batch() + ")"));
        o.addOption(opt("lr", "RATE", "fine-tuning Adam learning rate, cosine-decayed (default " + d.lr() + ")"));
        o.addOption(opt("mu", "STEP", "finite-difference step (default " + d.mu() + ")"));
        o.addOption(opt("coordinates", "Q", "evaluations per step: DeepZero-DS mask size, ZO-AE-DS q (default " + d.coordinates() + ")"));
        o.addOption(opt("mask-every", "K", "redraw DeepZero-DS masks every K steps (default " + d.maskEvery() + ")"));
        o.addOption(opt("grasp-queries", "Q", "ZO-GraSP RGE directions (default " + d.graspQueries() + ")"));
        o.addOption(opt("threads", "T", "Java threads (default: all cores)"));
        o.addOption(Args.executorOption());
        o.addOption(opt("per-class", "N", "certify: test images per class (default " + c.perClass() + ")"));
        o.addOption(opt("n0", "N", "certify: selection samples (default " + c.n0() + ")"));
        o.addOption(opt("n", "N", "certify: estimation samples (default " + c.n() + ")"));
        o.addOption(opt("alpha", "A", "certify: failure probability (default " + c.alpha() + ")"));
        o.addOption(opt("subset", "S", "certify: test (the CIFAR-10 test split, the default) or validation (training images"
                + " after --train-images, for choosing settings; certify-validation/ and report-validation/)"));
        o.addOption(opt("progress", "K", "K progress lines per training run when standard error is not a terminal (default 10)"));
        o.addOption(Option.builder().longOpt("resume").desc("continue unfinished training from its checkpoint").build());
        return o;
    }

    private static Option opt(String name, String arg, String desc) {
        return Option.builder().longOpt(name).hasArg().argName(arg).desc(desc).build();
    }

    @Override
    public int run(CommandLine line, PrintStream out) {
        String action = Args.positional(line, "train|certify");
        if (!action.equals("train") && !action.equals("certify")) {
            throw new UsageException("expected 'train' or 'certify' after 'defense', got '" + action + "'");
        }
        List<DefenseMethod> methods = methods(line, action.equals("train") ? "deepzero" : DEFAULT_CERTIFY, action.equals("train"));
        CertifyConfig cc = certifyConfig(line);
        int lines = Args.intOption(line, "progress", 10, 1);
        String executor = Args.executor(line); // checked before any work
        if (!line.hasOption("data") || !line.hasOption("out")) {
            throw new UsageException("--data and --out are required");
        }
        TrainConfig victim = line.hasOption("params") ? null : DefaultVictim.config(Path.of(line.getOptionValue("data")),
                model(line), Path.of(line.getOptionValue("out")),
                Args.intOption(line, "threads", Runtime.getRuntime().availableProcessors(), 1));
        // every setting is checked before the black box is trained: bad input writes nothing
        DefenseConfig config = config(line, victim == null ? Path.of(line.getOptionValue("params"))
                : DefaultVictim.parameters(victim));
        if (victim != null) {
            DefaultVictim.trainOrReuse(victim, List.of(new TrainingProgress("victim train", ProgressPrinter.onStandardError(lines))));
        }
        try (QueryExecutor x = QueryExecutors.fromSpec(executor)) {
            // the cluster is joined and the inputs are read before anything is written
            DefensePipeline pipeline = new DefensePipeline(config, line.hasOption("resume"),
                    List.of(new TrainingProgress("defense train", ProgressPrinter.onStandardError(lines))), x);
            return action.equals("train") ? train(pipeline, methods.get(0), config, out) : certify(pipeline, methods, cc, config, out);
        }
    }

    private static int train(DefensePipeline pipeline, DefenseMethod method, DefenseConfig config, PrintStream out) {
        DefenseTraining.Trained t = pipeline.train(method);
        out.printf(Locale.ROOT, "defense train %s: %d steps, %d black-box queries, %.1f s; run folder %s%n",
                t.method().id(), t.steps(), t.blackBoxQueries(), t.wallSeconds(), config.out());
        return 0;
    }

    private static int certify(DefensePipeline pipeline, List<DefenseMethod> methods, CertifyConfig cc, DefenseConfig config,
                               PrintStream out) {
        List<MethodResult> results = pipeline.certify(methods, cc, System.err::println);
        out.print("method      ");
        for (double r : ReportWriter.TABLE_RADII) {
            out.printf(Locale.ROOT, "  r=%.2f", r);
        }
        out.println("  train_queries  train_s  certify_s");
        for (MethodResult r : results) {
            out.printf(Locale.ROOT, "%-12s", r.method());
            for (double rad : ReportWriter.TABLE_RADII) {
                out.printf(Locale.ROOT, "  %6.1f", 100 * CertifiedAccuracy.at(r.certificates(), rad));
            }
            out.printf(Locale.ROOT, "  %13d  %7.0f  %9.0f%n", r.trainQueries(), r.trainSeconds(), r.certifySeconds());
        }
        out.println("report: " + config.out().resolve(cc.subset().reportFolder()).resolve("index.html"));
        return 0;
    }

    private static DefenseConfig config(CommandLine line, Path params) {
        Path data = Path.of(line.getOptionValue("data"));
        Path outDir = Path.of(line.getOptionValue("out"));
        ModelSpec model = model(line);
        DefenseConfig d = DefenseConfig.defaults(data, params, model, outDir);
        double any = Double.MAX_VALUE;
        return new DefenseConfig(data, params, model, outDir,
                Args.doubleOption(line, "sigma", d.sigma(), -any, any),
                Args.intOption(line, "seed", (int) d.seed(), 0),
                Args.intOption(line, "train-images", d.trainImages(), 1),
                Args.intOption(line, "bn-images", d.bnImages(), 1),
                Args.intOption(line, "denoiser-width", d.denoiserWidth(), 1),
                Args.intOption(line, "denoiser-layers", d.denoiserLayers(), 2),
                Args.intOption(line, "pretrain-steps", d.pretrainSteps(), 1),
                Args.intOption(line, "pretrain-batch", d.pretrainBatch(), 1),
                Args.doubleOption(line, "pretrain-lr", d.pretrainLr(), -any, any),
                Args.intOption(line, "steps", d.steps(), 1),
                Args.intOption(line, "batch", d.batch(), 1),
                Args.doubleOption(line, "lr", d.lr(), -any, any),
                Args.doubleOption(line, "mu", d.mu(), -any, any),
                Args.intOption(line, "coordinates", d.coordinates(), 1),
                Args.intOption(line, "mask-every", d.maskEvery(), 1),
                Args.intOption(line, "grasp-queries", d.graspQueries(), 1),
                d.encoderWidth(),
                Args.intOption(line, "ae-steps", d.aeSteps(), 1),
                Args.intOption(line, "threads", d.threads(), 1));
    }

    private static CertifyConfig certifyConfig(CommandLine line) {
        CertifyConfig c = CertifyConfig.defaults();
        return new CertifyConfig(Args.intOption(line, "per-class", c.perClass(), 1), Args.intOption(line, "n0", c.n0(), 1),
                Args.intOption(line, "n", c.n(), 1), Args.doubleOption(line, "alpha", c.alpha(), 0, 1), c.chunk(),
                subset(line));
    }

    private static CertifyConfig.Subset subset(CommandLine line) {
        String v = line.getOptionValue("subset", CertifyConfig.Subset.TEST.id());
        for (CertifyConfig.Subset s : CertifyConfig.Subset.values()) {
            if (s.id().equals(v)) {
                return s;
            }
        }
        throw new UsageException("--subset: expected test|validation, got '" + v + "'");
    }

    private static List<DefenseMethod> methods(CommandLine line, String fallback, boolean single) {
        String v = line.getOptionValue("method", fallback);
        List<DefenseMethod> out = new ArrayList<>();
        for (String s : v.split(",")) {
            try {
                out.add(DefenseMethod.of(s.trim()));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--method: expected " + ALL.replace(',', '|') + ", got '" + s.trim() + "'");
            }
        }
        if (single && out.size() != 1) {
            throw new UsageException("--method: train takes one method, got '" + v + "'");
        }
        return out;
    }

    private static ModelSpec model(CommandLine line) {
        String kind = Args.choice(line, "model", "cnn", "cnn", "resnet20");
        if (kind.equals("resnet20")) {
            return ModelSpec.resnet20();
        }
        int depth = Args.intOption(line, "depth", 3, 1);
        if (depth > 5) {
            throw new UsageException("--depth: the CNN family has 1 to 5 blocks, got " + depth);
        }
        return ModelSpec.cnn(depth, Args.intOption(line, "width", 18, 1));
    }
}
