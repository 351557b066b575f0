package org.deepzero.coupling.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepzero.common.Hashing;
import org.deepzero.coupling.corrector.Corrector;
import org.deepzero.coupling.corrector.Normalization;
import org.deepzero.coupling.data.ReferenceSet;
import org.deepzero.coupling.eval.TestRollouts;
import org.deepzero.coupling.rollout.CoupledRollout;
import org.deepzero.coupling.spec.CouplingSpec;
import org.deepzero.coupling.spec.TrainingSpec;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.solver.pde.CoupledPde;
import org.deepzero.solver.pde.TrajectoryId;

/**
 * Everything the training modes and the evaluation share, derived once from a case and its
 * reference data: the coarse solver of every parameter set, the one-step pairs and the scales
 * they give, the corrector, the coupled system and the validation rollouts. Immutable.
 *
 * @param <S> the PDE's state type
 */
public final class CouplingSetup<S> {
    /** Validation starts per training parameter set. */
    static final int VALIDATION_STARTS = 2;

    private final CouplingSpec<S> spec;
    private final ReferenceSet<S> reference;
    private final Map<CaseParameters, CoupledPde<S>> solvers;
    private final OneStepPairs<S> pairs;
    private final Corrector<S> corrector;
    private final CoupledRollout<S> rollout;
    private final TestRollouts<S> validation;

    private CouplingSetup(CouplingSpec<S> spec, ReferenceSet<S> reference, Map<CaseParameters, CoupledPde<S>> solvers,
                          OneStepPairs<S> pairs, Corrector<S> corrector) {
        this.spec = spec;
        this.reference = reference;
        this.solvers = solvers;
        this.pairs = pairs;
        this.corrector = corrector;
        this.rollout = new CoupledRollout<>(solvers, corrector);
        TrainingSpec t = spec.training();
        this.validation = new TestRollouts<>(rollout, reference,
                TestRollouts.evenStarts(reference, t.parameters(), VALIDATION_STARTS, t.validateSteps()), t.validateSteps());
    }

    /**
     * The setup of seed replicate {@code r} ({@link TrainingSpec#seeds()}): the same data, solvers,
     * pairs and scales, with {@code [corrector] seed + r} and {@code [training] seed + r}; its
     * {@link #configHash} differs, so each replicate keeps its own runs. Replicate 0 is this setup's seeds.
     */
    public CouplingSetup<S> replicate(int r) {
        CouplingSpec<S> s = new CouplingSpec<>(spec.pde(),
                new org.deepzero.coupling.spec.CorrectorSpec(spec.corrector().layers(), spec.corrector().seed() + r),
                spec.training().replicate(r), spec.evaluation());
        return new CouplingSetup<>(s, reference, solvers, pairs, corrector);
    }

    /**
     * Every reference trajectory a case needs: the default trajectory of each training parameter set,
     * and the test trajectories ({@link #testStarts}).
     */
    public static List<TrajectoryId> trajectories(CouplingSpec<?> spec) {
        List<TrajectoryId> out = new java.util.ArrayList<>();
        spec.training().parameters().forEach(p -> out.add(TrajectoryId.of(p)));
        var e = spec.evaluation();
        for (CaseParameters p : e.parameters()) {
            for (int i = 0; i < (e.independent() ? e.starts() : 1); i++) {
                out.add(new TrajectoryId(p, i));
            }
        }
        return out;
    }

    /** Builds solvers for every parameter set of the reference, the one-step pairs and the corrector. */
    public static <S> CouplingSetup<S> of(CouplingSpec<S> spec, ReferenceSet<S> reference) {
        Map<CaseParameters, CoupledPde<S>> solvers = new LinkedHashMap<>();
        for (CaseParameters p : reference.parameters()) {
            solvers.put(p, spec.pde().coarse(p));
        }
        TrainingSpec t = spec.training();
        OneStepPairs<S> pairs = OneStepPairs.of(solvers, reference, t.parameters(), t.frames());
        CoupledPde<S> any = solvers.values().iterator().next();
        Normalization norm = Normalization.of(spec.pde().fieldScale(), spec.pde().featureNames(), t.parameters(),
                pairs.correctionScale(any.openChannels()));
        Corrector<S> corrector = new Corrector<>(spec.corrector().layers(), norm, any);
        return new CouplingSetup<>(spec, reference, java.util.Collections.unmodifiableMap(solvers), pairs, corrector);
    }

    public CouplingSpec<S> spec() {
        return spec;
    }

    public ReferenceSet<S> reference() {
        return reference;
    }

    /** The coarse solver of every parameter set, in the reference's order. */
    public Map<CaseParameters, CoupledPde<S>> solvers() {
        return solvers;
    }

    public OneStepPairs<S> pairs() {
        return pairs;
    }

    public Corrector<S> corrector() {
        return corrector;
    }

    public CoupledRollout<S> rollout() {
        return rollout;
    }

    /** Long rollouts at the training parameter sets that select checkpoints. */
    public TestRollouts<S> validation() {
        return validation;
    }

    /** Test rollouts at the held-out parameter sets. */
    public TestRollouts<S> test() {
        var e = spec.evaluation();
        return new TestRollouts<>(rollout, reference, testStarts(), e.steps(), e.physicsSteps());
    }

    /**
     * The test starts: with {@code [evaluation] trajectories = independent} the first frame of
     * trajectories 0 to starts-1 of every test parameter set, else starts spread over its one trajectory.
     */
    public List<TestRollouts.Start> testStarts() {
        var e = spec.evaluation();
        return e.independent() ? TestRollouts.independentStarts(e.parameters(), e.starts())
                : TestRollouts.evenStarts(reference, e.parameters(), e.starts(), e.physicsSteps());
    }

    /**
     * A hash of everything that shapes a training run of {@code method} and nothing else, so that
     * changing, say, the DeepZero steps leaves the NON fit valid, and adding a method to the case
     * invalidates no finished run. Checkpoints and finished runs of another hash are not reused.
     */
    public String configHash(String method) {
        TrainingSpec t = spec.training();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("case", spec.pde().hash());
        settings.put("corrector", spec.corrector());
        settings.put("parameters", t.parameters().stream().map(CaseParameters::values).toList());
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
            if (TrainingSpec.coldStart(method)) {
                zo.put("cold_start", t.coldStart()); // only here, so finished warm runs stay valid
            }
            settings.put("zo", zo);
        }
        return Hashing.ofSettings(settings);
    }
}
