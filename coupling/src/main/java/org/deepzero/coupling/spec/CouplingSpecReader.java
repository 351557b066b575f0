package org.deepzero.coupling.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deepzero.solver.io.CaseFile;
import org.deepzero.coupling.corrector.Corrector;
import org.deepzero.solver.io.InputException;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.solver.pde.PdeCase;
import org.deepzero.solver.pde.PdeKinds;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.StagedModels;

/**
 * Reads and validates a whole case: {@code [pde] kind} and that kind's sections through
 * {@link PdeKinds}, its parameter keys in {@code [training]} and {@code [evaluation]} through the
 * {@link PdeCase}, and
 * {@code [corrector]}, {@code [training]}, {@code [evaluation]} here. Every problem is an
 * {@link InputException} naming the file, line, section and key, raised before any work starts.
 * Keys and defaults are documented in {@code cases/README.md}.
 */
public final class CouplingSpecReader {
    /** The sections this reader owns. */
    public static final List<String> SECTIONS = List.of("corrector", "training", "evaluation", "execution");

    private CouplingSpecReader() {
    }

    /** Reads a case folder (holding {@code case.conf}) or case file. */
    public static CouplingSpec<?> read(Path caseDirOrFile) {
        return read(CaseFile.read(CaseFile.locate(caseDirOrFile)));
    }

    /** Validates an already parsed case file. */
    public static CouplingSpec<?> read(CaseFile cf) {
        List<String> known = new ArrayList<>(List.of("pde"));
        known.addAll(PdeKinds.sections(cf));
        known.addAll(SECTIONS);
        for (String name : cf.sectionNames()) {
            if (!known.contains(name)) {
                CaseFile.Section s = cf.require(name);
                throw new InputException(cf.file(), s.line(), name, null,
                        "unknown section (known: " + String.join(", ", known) + ")");
            }
        }
        return read(cf, PdeKinds.read(cf));
    }

    private static <S> CouplingSpec<S> read(CaseFile cf, PdeCase<S> pde) {
        CorrectorSpec corrector = corrector(cf.sectionOrEmpty("corrector"), pde);
        TrainingSpec training = training(cf.sectionOrEmpty("training"), pde);
        EvaluationSpec evaluation = evaluation(cf.sectionOrEmpty("evaluation"), pde, training);
        executor(cf); // checked with the rest, before any work starts
        return new CouplingSpec<>(pde, corrector, training, evaluation);
    }

    /**
     * Where the case's queries run: {@code [execution] executor = local[:threads] | cluster:host[:port],...}
     * ({@code local} when absent). Not part of the case's numbers: every executor gives the same values.
     *
     * @throws InputException naming the file, line, section and key when the value is malformed
     */
    public static String executor(CaseFile cf) {
        CaseFile.Section s = cf.sectionOrEmpty("execution");
        String spec = s.string("executor", org.deepzero.zo.query.QueryExecutors.DEFAULT);
        s.rejectUnknownKeys();
        try {
            org.deepzero.zo.query.QueryExecutors.validate(spec, "value");
        } catch (org.deepzero.common.InputException e) {
            throw s.error("executor", e.getMessage());
        }
        return spec;
    }

    private static CorrectorSpec corrector(CaseFile.Section s, PdeCase<?> pde) {
        String layers = s.string("layers", "conv5x5:8,lrelu,conv5x5:8,lrelu,conv5x5:2");
        long seed = s.integer("seed", 1);
        s.rejectUnknownKeys();
        int[] shape = pde.channelShape();
        int in = Corrector.inputChannels(shape, pde.featureNames().size());
        StagedModel model;
        try {
            model = StagedModels.convNet(in, layers);
        } catch (IllegalArgumentException e) {
            throw s.error("layers", e.getMessage());
        }
        long[] out;
        try {
            out = model.outputShape(new long[] {1, in, shape[1], shape[2]});
        } catch (IllegalArgumentException e) {
            throw s.error("layers", e.getMessage());
        }
        if (out.length != 4 || out[1] != shape[0] || out[2] != shape[1] || out[3] != shape[2]) {
            throw s.error("layers", "the network must map " + in + " x H x W to " + shape[0]
                    + " x H x W (a correction of each state channel on the same grid), this one gives "
                    + Arrays.toString(Arrays.copyOfRange(out, 1, out.length)));
        }
        return new CorrectorSpec(layers, seed);
    }

    private static TrainingSpec training(CaseFile.Section s, PdeCase<?> flow) {
        List<CaseParameters> parameters = flow.readParameters(s, false);
        if (parameters.isEmpty()) {
            parameters = flow.defaultTrainingParameters();
        }
        int frames = s.integer("frames", flow.frames());
        int unroll = s.integer("unroll", 4);
        int windows = s.integer("windows", 8);
        List<String> methods = methods(s);
        int steps = s.integer("steps", 200);
        String optimizer = s.choice("optimizer", "adam", "adam", "sgd");
        double lr = s.number("learning_rate", 1e-3);
        double mu = s.number("mu", 5e-3);
        double sparsity = s.number("sparsity", 0.9);
        String pruning = s.choice("pruning", "zo-grasp", "zo-grasp", "zo-grasp-cge", "random");
        int redraw = s.integer("redraw_every", 5);
        int validateEvery = s.integer("validate_every", 20);
        int validateSteps = s.integer("validate_steps", 60);
        int nonSteps = s.integer("non_steps", 1500);
        double nonLr = s.number("non_learning_rate", 2e-3);
        int nonBatch = s.integer("non_batch", 16);
        long seed = s.integer("seed", 7);
        int readout = s.integer("cold_readout_steps", ColdStartSpec.defaultReadoutSteps(steps));
        double coldLr = s.number("cold_learning_rate", ColdStartSpec.DEFAULT_LEARNING_RATE);
        double[] replicates = s.has("seeds") ? s.numbers("seeds") : new double[] {0};
        s.rejectUnknownKeys();
        List<Integer> seeds = new ArrayList<>();
        for (double r : replicates) {
            if (r != Math.rint(r) || r < 0 || r > 1_000_000) {
                throw s.error("seeds", "seed replicates are whole numbers from 0 (the case's own seeds), got " + r);
            }
            if (seeds.contains((int) r)) {
                throw s.error("seeds", "seed replicate " + (int) r + " given twice");
            }
            seeds.add((int) r);
        }
        positive(s, "frames", frames);
        if (unroll < 1) {
            throw s.error("unroll", "n, the unrolled steps, must be at least 1, got " + unroll);
        }
        if (frames <= unroll) {
            throw s.error("frames", "need more training frames (" + frames + ") than unrolled steps (" + unroll + ")");
        }
        if (frames > flow.frames()) {
            throw s.error("frames", "the reference has only " + flow.frames() + " frames ([reference] frames), asked "
                    + frames);
        }
        positive(s, "windows", windows);
        positive(s, "steps", steps);
        positive(s, "redraw_every", redraw);
        positive(s, "validate_every", validateEvery);
        positive(s, "validate_steps", validateSteps);
        positive(s, "non_steps", nonSteps);
        positive(s, "non_batch", nonBatch);
        if (!(lr > 0)) {
            throw s.error("learning_rate", "must be positive, got " + lr);
        }
        if (readout < 0 || readout > steps) {
            throw s.error("cold_readout_steps", "must lie in [0, steps = " + steps + "], got " + readout);
        }
        if (!(coldLr > 0)) {
            throw s.error("cold_learning_rate", "must be positive, got " + coldLr);
        }
        if (!(nonLr > 0)) {
            throw s.error("non_learning_rate", "must be positive, got " + nonLr);
        }
        if (!(mu > 0)) {
            throw s.error("mu", "must be positive, got " + mu);
        }
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw s.error("sparsity", "must lie in [0, 1), got " + sparsity);
        }
        if (validateSteps >= flow.frames()) {
            throw s.error("validate_steps", "must be below the reference's " + flow.frames() + " frames, got "
                    + validateSteps);
        }
        return new TrainingSpec(parameters, frames, unroll, windows, methods, steps, optimizer, lr, mu, sparsity,
                pruning, redraw, validateEvery, validateSteps, nonSteps, nonLr, nonBatch, seed,
                new ColdStartSpec(readout, coldLr), seeds);
    }

    /** The comma-separated {@code methods} list, each once. */
    private static List<String> methods(CaseFile.Section s) {
        List<String> allowed = List.of("sol-zo", "sol-rge", "sol-zo-cold", "sol-rge-cold");
        List<String> out = new ArrayList<>();
        for (String m : s.string("methods", "sol-zo, sol-rge").split("[,\\s]+")) {
            if (m.isEmpty()) {
                continue;
            }
            if (!allowed.contains(m)) {
                throw s.error("methods", "unknown method '" + m + "' (known: " + String.join(", ", allowed) + ")");
            }
            if (out.contains(m)) {
                throw s.error("methods", "method '" + m + "' given twice");
            }
            out.add(m);
        }
        return out;
    }

    private static EvaluationSpec evaluation(CaseFile.Section s, PdeCase<?> flow, TrainingSpec training) {
        List<CaseParameters> parameters = flow.readParameters(s, true);
        String key = parameters.get(0).names().get(0);
        int steps = s.integer("steps", 100);
        int starts = s.integer("starts", 4);
        double[] images = s.has("image_steps") ? s.numbers("image_steps") : new double[] {steps / 4, steps / 2, steps};
        boolean independent = s.choice("trajectories", EvaluationSpec.WINDOWS, EvaluationSpec.WINDOWS,
                EvaluationSpec.INDEPENDENT).equals(EvaluationSpec.INDEPENDENT);
        int physicsSteps = s.integer("physics_steps", steps);
        s.rejectUnknownKeys();
        for (CaseParameters p : parameters) {
            if (training.parameters().contains(p)) {
                throw s.error(key, p.label() + " is also a training parameter set; test on held-out ones");
            }
        }
        positive(s, "steps", steps);
        positive(s, "starts", starts);
        if (steps >= flow.frames()) {
            throw s.error("steps", "rollouts of " + steps + " steps need more than the reference's "
                    + flow.frames() + " frames ([reference] frames)");
        }
        if (physicsSteps < steps) {
            throw s.error("physics_steps", "the physics record must be at least the " + steps + " error steps, got "
                    + physicsSteps);
        }
        if (physicsSteps >= flow.frames()) {
            throw s.error("physics_steps", "a physics record of " + physicsSteps + " steps needs more than the "
                    + "reference's " + flow.frames() + " frames ([reference] frames)");
        }
        int[] imageSteps = new int[images.length];
        for (int i = 0; i < images.length; i++) {
            if (images[i] != Math.rint(images[i]) || images[i] < 1 || images[i] > steps) {
                throw s.error("image_steps", "steps must be whole numbers in [1, " + steps + "], got " + images[i]);
            }
            imageSteps[i] = (int) images[i];
        }
        return new EvaluationSpec(parameters, steps, starts, imageSteps, independent, physicsSteps);
    }

    private static void positive(CaseFile.Section s, String key, int value) {
        if (value < 1) {
            throw s.error(key, "must be at least 1, got " + value);
        }
    }
}
