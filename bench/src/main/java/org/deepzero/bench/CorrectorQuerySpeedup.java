package org.deepzero.bench;

import static org.deepzero.bench.CoupledQueryBench.MX;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deepzero.bench.CoupledQueryBench.TimedPde;
import org.deepzero.coupling.corrector.Corrector;
import org.deepzero.coupling.corrector.Normalization;
import org.deepzero.coupling.rollout.CoupledRollout;
import org.deepzero.coupling.rollout.FieldError;
import org.deepzero.coupling.rollout.RolloutLoss;
import org.deepzero.coupling.rollout.Window;
import org.deepzero.coupling.spec.CouplingSpec;
import org.deepzero.coupling.spec.CouplingSpecReader;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.solver.pde.CoupledPde;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.Weights;
import org.deepzero.zo.query.Query;
import org.deepzero.zo.query.QueryBatch;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sol-zo queries of a case (default cases/karman-2d: 64x32, corrector conv5x5 3-8-8-2, 4 windows of
 * n = 4 coupled steps) on one thread, with the current coarse solver: the corrector's convolutions
 * stage by stage in NCHW (the path before, {@link Corrector#withChannelsLastConvolutions}{@code (false)})
 * against the channels-last chain (the default), in alternating rounds of the same seeded coordinate
 * queries, with the loss values compared bit for bit.
 *
 * <p>The split of one query's time is measured inside the query: a replica of {@link RolloutLoss}'s
 * query (the same calls in the same order) times the solver steps, the corrector forwards and the rest
 * (weights, network inputs, corrections, errors) with the thread's CPU clock; its loss values are
 * checked equal to {@link RolloutLoss}'s bit for bit, so it measures the same work. The clock reads
 * (about 40 per query) cost a few microseconds per query.
 *
 * <p>The windows start from developed coarse-solver states at the training parameters; their targets
 * are later coarse states (the loss value does not matter for speed, only that it is the same). θ is a
 * He-normal draw with a non-zero last layer, so the corrector acts.
 *
 * <p>Run from the repository root: {@code OMP_NUM_THREADS=1 java -cp bench/target/benchmarks.jar
 * org.deepzero.bench.CorrectorQuerySpeedup [rounds] [queries]}, defaults 5 and 100; the system property
 * {@code deepzero.case} names another case folder.
 */
public final class CorrectorQuerySpeedup {
    private CorrectorQuerySpeedup() {
    }

    /** @param args rounds, queries per round */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        CouplingSpec<?> spec = CouplingSpecReader.read(Path.of(System.getProperty("deepzero.case", "cases/karman-2d")));
        run(spec, rounds, queries);
    }

    private static <S> void run(CouplingSpec<S> spec, int rounds, int queries) {
        List<CaseParameters> trainParameters = spec.training().parameters();
        Map<CaseParameters, CoupledPde<S>> solvers = new LinkedHashMap<>();
        Map<CaseParameters, TimedPde<S>> timed = new LinkedHashMap<>();
        for (CaseParameters p : trainParameters) {
            CoupledPde<S> pde = spec.pde().coarse(p);
            solvers.put(p, pde);
            timed.put(p, new TimedPde<>(pde));
        }
        Normalization norm = Normalization.of(spec.pde().fieldScale(), spec.pde().featureNames(), trainParameters, 0.02);
        Corrector<S> now = new Corrector<>(spec.corrector().layers(), norm, solvers.get(trainParameters.get(0)));
        Corrector<S> before = now.withChannelsLastConvolutions(false);
        List<Window<S>> windows = CoupledQueryBench.windows(spec, solvers);
        QueryBatch batch = CoupledQueryBench.coordinateQueries(spec, now.model(), queries);
        RolloutLoss<S> lossBefore = new RolloutLoss<>(new CoupledRollout<>(timed, before), windows, true);
        RolloutLoss<S> lossNow = new RolloutLoss<>(new CoupledRollout<>(timed, now), windows, true);

        CoupledQueryBench.Rounds r = CoupledQueryBench.rounds(lossBefore, lossNow, batch, rounds);
        Split sb = split(new CoupledRollout<>(timed, before), timed, windows, batch, r.before());
        Split sn = split(new CoupledRollout<>(timed, now), timed, windows, batch, r.now());
        System.out.println(sb.line("before (NCHW stages)"));
        System.out.println(sn.line("now (channels-last chain)"));
        System.out.printf(Locale.ROOT, "queries/s, 1 thread: before %.1f, now %.1f; speed-up per round %s, median %.2fx; "
                + "loss values identical bit for bit: %s%n", r.beforeQps(), r.nowQps(), r.perRound(), r.median(), r.same());
    }

    /** Per-query CPU milliseconds of one pass over the batch. */
    private record Split(int queries, double solver, double forwards, double rest, boolean replicaSame) {
        double total() {
            return solver + forwards + rest;
        }

        String line(String label) {
            double t = total();
            return String.format(Locale.ROOT, "%s: one query %.2f ms = solver steps %.2f ms (%.0f%%) + corrector forwards"
                            + " %.2f ms (%.0f%%) + the rest %.2f ms (%.0f%%); timed replica equals RolloutLoss bit for bit: %s",
                    label, t, solver, 100 * solver / t, forwards, 100 * forwards / t, rest, 100 * rest / t, replicaSame);
        }
    }

    /**
     * RolloutLoss's coordinate queries with feature reuse, replicated call for call with timers: the first
     * solver step and the first network input are shared (as in RolloutLoss's constructor), so they are
     * not part of a query.
     */
    private static <S> Split split(CoupledRollout<S> rollout, Map<CaseParameters, TimedPde<S>> timed,
                                   List<Window<S>> windows, QueryBatch batch, double[] expected) {
        Corrector<S> corrector = rollout.corrector();
        StagedModel model = corrector.model();
        List<CaseParameters> parameters = windows.stream().map(Window::parameters).toList();
        List<S> firstSolved = rollout.solve(windows.stream().map(Window::start).toList(), parameters);
        INDArray firstInput = corrector.input(firstSolved, parameters);
        FieldError<S> error = new FieldError<>(corrector);
        double scale = corrector.normalization().fieldScale();
        int n = windows.get(0).targets().size();
        timed.values().forEach(p -> p.nanos = 0);
        long forwardNanos = 0;
        long start = MX.getCurrentThreadCpuTime();
        Weights base = model.weights(batch.base());
        INDArray[] cache = model.activations(base, firstInput);
        double[] values = new double[batch.size()];
        for (int q = 0; q < batch.size(); q++) {
            Query.Coordinate c = (Query.Coordinate) batch.query(q);
            Weights w = base.withCoordinate(c.index(), batch.base()[c.index()] + c.delta());
            int stage = model.space().segmentOf(c.index()).stage();
            long t = MX.getCurrentThreadCpuTime();
            INDArray out = model.forwardFrom(stage, cache[stage], w, 1);
            forwardNanos += MX.getCurrentThreadCpuTime() - t;
            List<S> s = rollout.correct(firstSolved, out);
            double sum = accumulate(error, s, windows, 0);
            for (int k = 1; k < n; k++) {
                List<S> solved = rollout.solve(s, parameters);
                INDArray input = corrector.input(solved, parameters);
                t = MX.getCurrentThreadCpuTime();
                out = corrector.output(w, input);
                forwardNanos += MX.getCurrentThreadCpuTime() - t;
                s = rollout.correct(solved, out);
                sum += accumulate(error, s, windows, k);
            }
            values[q] = sum / (windows.size() * n * scale * scale);
        }
        long total = MX.getCurrentThreadCpuTime() - start;
        long solverNanos = timed.values().stream().mapToLong(p -> p.nanos).sum();
        int q = batch.size();
        return new Split(q, solverNanos / 1e6 / q, forwardNanos / 1e6 / q, (total - solverNanos - forwardNanos) / 1e6 / q,
                Arrays.equals(values, expected));
    }

    private static <S> double accumulate(FieldError<S> error, List<S> states, List<Window<S>> windows, int k) {
        double sum = 0;
        for (int i = 0; i < states.size(); i++) {
            sum += error.meanSquared(states.get(i), windows.get(i).targets().get(k));
        }
        return sum;
    }
}
