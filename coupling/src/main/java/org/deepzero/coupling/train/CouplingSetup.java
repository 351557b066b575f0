package org.deepzero.coupling.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.deepzero.common.Hashing;
import org.deepzero.coupling.corrector.Corrector;
import org.deepzero.coupling.corrector.Normalization;
import org.deepzero.coupling.data.ReferenceSet;
import org.deepzero.coupling.eval.TestRollouts;
import org.deepzero.coupling.rollout.CoupledRollout;
import org.deepzero.coupling.spec.CouplingSpec;
import org.deepzero.coupling.spec.TrainingSpec;
import org.deepzero.solver.flow.WakeFlow;

/**
 * Everything the training modes and the evaluation share, derived once from a case and its
 * reference data: the coarse solver of every Reynolds number, the one-step pairs and the scales
 * they give, the corrector, the coupled system and the validation rollouts. Immutable.
 */
public final class CouplingSetup {
    /** Validation starts per training Reynolds number. */
    static final int VALIDATION_STARTS = 2;

    private final CouplingSpec spec;
    private final ReferenceSet reference;
    private final Map<Double, WakeFlow> solvers;
    private final OneStepPairs pairs;
    private final Corrector corrector;
    private final CoupledRollout rollout;
    private final TestRollouts validation;

    private CouplingSetup(CouplingSpec spec, ReferenceSet reference, Map<Double, WakeFlow> solvers,
                          OneStepPairs pairs, Corrector corrector) {
        this.spec = spec;
        this.reference = reference;
        this.solvers = solvers;
        this.pairs = pairs;
        this.corrector = corrector;
        this.rollout = new CoupledRollout(solvers, corrector);
        TrainingSpec t = spec.training();
        this.validation = new TestRollouts(rollout, reference,
                TestRollouts.evenStarts(reference, t.reynolds(), VALIDATION_STARTS, t.validateSteps()), t.validateSteps());
    }

    /** Builds solvers for every Reynolds number of the reference, the one-step pairs and the corrector. */
    public static CouplingSetup of(CouplingSpec spec, ReferenceSet reference) {
        Map<Double, WakeFlow> solvers = new LinkedHashMap<>();
        for (double re : new TreeSet<>(reference.reynolds())) {
            solvers.put(re, new WakeFlow(spec.flow().coarseSpec(re)));
        }
        TrainingSpec t = spec.training();
        OneStepPairs pairs = OneStepPairs.of(solvers, reference, t.reynolds(), t.frames());
        WakeFlow any = solvers.values().iterator().next();
        double[] reStats = Normalization.reynoldsStatistics(t.reynolds());
        Normalization norm = new Normalization(spec.flow().inflowSpeed(), reStats[0], reStats[1],
                pairs.correctionScale(any.openFaceChannels()));
        Corrector corrector = new Corrector(spec.corrector().layers(), norm, any);
        return new CouplingSetup(spec, reference, Map.copyOf(solvers), pairs, corrector);
    }

    public CouplingSpec spec() {
        return spec;
    }

    public ReferenceSet reference() {
        return reference;
    }

    public Map<Double, WakeFlow> solvers() {
        return solvers;
    }

    public OneStepPairs pairs() {
        return pairs;
    }

    public Corrector corrector() {
        return corrector;
    }

    public CoupledRollout rollout() {
        return rollout;
    }

    /** Long rollouts at the training Reynolds numbers that select checkpoints. */
    public TestRollouts validation() {
        return validation;
    }

    /** Test rollouts at the held-out Reynolds numbers. */
    public TestRollouts test() {
        var e = spec.evaluation();
        return new TestRollouts(rollout, reference, TestRollouts.evenStarts(reference, e.reynolds(), e.starts(), e.steps()),
                e.steps());
    }

    /**
     * A hash of everything that shapes a training run of {@code method} and nothing else, so that
     * changing, say, the DeepZero steps leaves the NON fit valid, and adding a method to the case
     * invalidates no finished run. Checkpoints and finished runs of another hash are not reused.
     */
    public String configHash(String method) {
        TrainingSpec t = spec.training();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("case", spec.flow().hash());
        settings.put("corrector", spec.corrector());
        settings.put("reynolds", t.reynolds());
        settings.put("frames", t.frames());
        settings.put("seed", t.seed());
        settings.put("validate_steps", t.validateSteps());
        settings.put("validate_every", t.validateEvery());
        settings.put("normalization", corrector.normalization());
        boolean usesNon = method.equals("non") || !TrainingSpec.coldStart(method);
        if (usesNon) {
            settings.put("non", Map.of("steps", t.nonSteps(), "learning_rate", t.nonLearningRate(),
                    "batch", t.nonBatch()));
        }
        if (!method.equals("non")) {
            Map<String, Object> zo = new LinkedHashMap<>();
            zo.put("method", method);
            zo.put("unroll", t.unroll());
            zo.put("windows", t.windows());
            zo.put("steps", t.steps());
            zo.put("optimizer", t.optimizer());
            zo.put("learning_rate", t.learningRate());
            zo.put("mu", t.mu());
            zo.put("sparsity", t.sparsity());
            zo.put("pruning", t.pruning());
            zo.put("redraw_every", t.redrawEvery());
            settings.put("zo", zo);
        }
        return Hashing.ofSettings(settings);
    }
}
