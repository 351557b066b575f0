package org.deepzero.bench;

import static org.deepzero.bench.CoupledQueryBench.cpuSeconds;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deepzero.bench.CoupledQueryBench.TimedPde;
import org.deepzero.bench.legacy.LegacyFlowStep;
import org.deepzero.coupling.corrector.Corrector;
import org.deepzero.coupling.corrector.Normalization;
import org.deepzero.coupling.rollout.CoupledRollout;
import org.deepzero.coupling.rollout.RolloutLoss;
import org.deepzero.coupling.rollout.Window;
import org.deepzero.coupling.spec.CouplingSpec;
import org.deepzero.coupling.spec.CouplingSpecReader;
import org.deepzero.solver.Pde;
import org.deepzero.solver.flow.FlowState;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.solver.flow.WakeFlow;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.Weights;
import org.deepzero.zo.query.Query;
import org.deepzero.zo.query.QueryBatch;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sol-zo queries of the default case (cases/karman-2d: 64x32, corrector conv5x5 3-8-8-2, 4 windows
 * of n = 4 coupled steps) on one thread: where a query's time goes, and queries per second of the
 * current code (solver and channels-last corrector) against the code before the speed work (the
 * solver's earlier step {@link LegacyFlowStep} and the corrector's NCHW stages,
 * {@link Corrector#withChannelsLastConvolutions}), in alternating rounds of the same coordinate
 * queries. The legacy step keeps the pure-Neumann outflow of its time, so the two sides' loss values
 * differ; each speed change was shown bit-identical on its own ({@code SolverSpeedup},
 * {@code CorrectorQuerySpeedup}).
 *
 * <p>The windows start from developed coarse-solver states at the training Reynolds numbers (their
 * targets are later coarse states: the loss value does not matter for speed, only that it is the
 * same). θ is a He-normal draw with a non-zero last layer, so the corrector acts. The split:
 * solver steps are timed inside the solver (a timing {@link Pde}); everything else (corrector
 * forwards, corrections, errors, states, weights) is the difference; the corrector forwards are
 * also timed alone, running the forwards a query runs (one from the perturbed stage on the cached
 * stage input, n − 1 full ones at batch 4), which estimates their part of the difference.
 *
 * <p>Run from the repository root: {@code OMP_NUM_THREADS=1 java -cp bench/target/benchmarks.jar
 * org.deepzero.bench.CoupledQuerySpeedup [rounds] [queries]}, defaults 5 and 200.
 *
 * <p>The coupling goes through the PDE contract ({@link CoupledRollout}, {@link RolloutLoss},
 * {@link Corrector} and the generic {@link TimedPde}); the wake flow's types ({@link WakeFlow},
 * {@link FlowState}) are named on purpose, because the baseline is the wake solver's own earlier step
 * ({@link LegacyFlowStep}), which exists for that solver only.
 */
public final class CoupledQuerySpeedup {
    private CoupledQuerySpeedup() {
    }

    /** The pre-issue-12 step as a PDE. */
    private record LegacyPde(WakeFlow flow, LegacyFlowStep step) implements Pde<FlowState> {
        @Override
        public FlowState initialState() {
            return flow.initialState();
        }

        @Override
        public FlowState step(FlowState state) {
            return step.step(state);
        }

        @Override
        public Map<String, Double> diagnostics(FlowState state) {
            return flow.diagnostics(state);
        }
    }

    /** @param args rounds, queries per round */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        @SuppressWarnings("unchecked") // the benchmark's case is a wake flow
        CouplingSpec<FlowState> spec = (CouplingSpec<FlowState>) CouplingSpecReader.read(
                Path.of(System.getProperty("deepzero.case", "cases/karman-2d")));
        List<CaseParameters> trainRe = spec.training().parameters();
        Map<CaseParameters, WakeFlow> flows = new LinkedHashMap<>();
        Map<CaseParameters, TimedPde<FlowState>> current = new LinkedHashMap<>();
        Map<CaseParameters, TimedPde<FlowState>> legacy = new LinkedHashMap<>();
        for (CaseParameters re : trainRe) {
            WakeFlow f = (WakeFlow) spec.pde().coarse(re);
            flows.put(re, f);
            current.put(re, new TimedPde<>(f));
            legacy.put(re, new TimedPde<>(new LegacyPde(f, new LegacyFlowStep(f.flow()))));
        }
        Normalization norm = Normalization.of(spec.pde().fieldScale(), spec.pde().featureNames(), trainRe, 0.02);
        Corrector<FlowState> corrector = new Corrector<>(spec.corrector().layers(), norm, flows.get(trainRe.get(0)));
        List<Window<FlowState>> windows = CoupledQueryBench.windows(spec, flows);
        QueryBatch batch = CoupledQueryBench.coordinateQueries(spec, corrector.model(), queries);
        RolloutLoss<FlowState> lossNow = new RolloutLoss<>(new CoupledRollout<>(current, corrector), windows, true);
        Corrector<FlowState> nchw = corrector.withChannelsLastConvolutions(false);
        RolloutLoss<FlowState> lossOld = new RolloutLoss<>(new CoupledRollout<>(legacy, nchw), windows, true);

        CoupledQueryBench.Rounds r = CoupledQueryBench.rounds(lossOld, lossNow, batch, rounds);
        split(lossNow, current, corrector, windows, batch, "now");
        split(lossOld, legacy, nchw, windows, batch, "before (legacy solver, NCHW corrector)");
        System.out.printf(Locale.ROOT, "queries/s, 1 thread: before %.1f, now %.1f; speed-up per round %s, "
                + "median %.2fx; loss values identical bit for bit: %s (not expected: the legacy outflow)%n", r.beforeQps(),
                r.nowQps(), r.perRound(), r.median(), r.same());
    }

    private static void split(RolloutLoss<FlowState> loss, Map<CaseParameters, TimedPde<FlowState>> solvers,
                              Corrector<FlowState> corrector, List<Window<FlowState>> windows,
                              QueryBatch batch, String label) {
        solvers.values().forEach(p -> {
            p.nanos = 0;
            p.steps = 0;
        });
        double total = cpuSeconds(() -> loss.values(batch));
        double solverSec = solvers.values().stream().mapToLong(p -> p.nanos).sum() / 1e9;
        long steps = solvers.values().stream().mapToLong(p -> p.steps).sum();
        // the forwards of the same queries, alone: the perturbed tail on the cached input, then n - 1 full ones
        StagedModel model = corrector.model();
        Weights base = model.weights(batch.base());
        List<FlowState> starts = windows.stream().map(Window::start).toList();
        List<CaseParameters> re = windows.stream().map(Window::parameters).toList();
        INDArray input = corrector.input(starts, re);
        INDArray[] cache = model.activations(base, input);
        int n = windows.get(0).targets().size();
        double forwardSec = cpuSeconds(() -> {
            for (int q = 0; q < batch.size(); q++) {
                Query.Coordinate c = (Query.Coordinate) batch.query(q);
                Weights w = base.withCoordinate(c.index(), batch.base()[c.index()] + c.delta());
                int stage = model.space().segmentOf(c.index()).stage();
                model.forwardFrom(stage, cache[stage], w, 1);
                for (int k = 1; k < n; k++) {
                    corrector.output(w, input);
                }
            }
        });
        int q = batch.size();
        double other = total - solverSec;
        System.out.printf(Locale.ROOT, "%s: one query %.2f ms = solver steps %.2f ms (%.0f%%, %.1f steps of %.3f ms)"
                        + " + everything else %.2f ms (%.0f%%); the same corrector forwards alone: %.2f ms%n",
                label, 1e3 * total / q, 1e3 * solverSec / q, 100 * solverSec / total, (double) steps / q,
                1e3 * solverSec / steps, 1e3 * other / q, 100 * other / total, 1e3 * forwardSec / q);
    }
}
