package org.deepzero.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.deepzero.coupling.rollout.RolloutLoss;
import org.deepzero.coupling.rollout.Window;
import org.deepzero.coupling.spec.CouplingSpec;
import org.deepzero.solver.Pde;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.query.Query;
import org.deepzero.zo.query.QueryBatch;

/**
 * The set-up and the timing shared by the coupled-query speed benchmarks ({@link CorrectorQuerySpeedup},
 * {@link CoupledQuerySpeedup}), so that both measure the same windows, the same queries and the same
 * rounds.
 */
final class CoupledQueryBench {
    static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private CoupledQueryBench() {
    }

    /** CPU nanoseconds spent in, and calls of, {@link #step} of any PDE. */
    static final class TimedPde<S> implements Pde<S> {
        private final Pde<S> inner;
        long nanos;
        long steps;

        TimedPde(Pde<S> inner) {
            this.inner = inner;
        }

        @Override
        public S initialState() {
            return inner.initialState();
        }

        @Override
        public S step(S state) {
            long t = MX.getCurrentThreadCpuTime();
            S s = inner.step(state);
            nanos += MX.getCurrentThreadCpuTime() - t;
            steps++;
            return s;
        }

        @Override
        public Map<String, Double> diagnostics(S state) {
            return inner.diagnostics(state);
        }
    }

    /**
     * The spec's training windows on developed coarse-solver states: window w starts after 300 + 7w steps
     * at training parameters w mod |parameters|; its targets are the n coarse states that follow (the
     * loss value does not matter for speed, only that it is the same on both sides).
     */
    static <S> List<Window<S>> windows(CouplingSpec<S> spec, Map<CaseParameters, ? extends Pde<S>> solvers) {
        List<CaseParameters> parameters = spec.training().parameters();
        int n = spec.training().unroll();
        List<Window<S>> windows = new ArrayList<>();
        for (int w = 0; w < spec.training().windows(); w++) {
            CaseParameters p = parameters.get(w % parameters.size());
            Pde<S> pde = solvers.get(p);
            S s = pde.initialState();
            for (int k = 0; k < 300 + 7 * w; k++) {
                s = pde.step(s);
            }
            List<S> targets = new ArrayList<>();
            S t = s;
            for (int k = 0; k < n; k++) {
                t = pde.step(t);
                targets.add(t);
            }
            windows.add(new Window<>(s, p, targets));
        }
        return windows;
    }

    /**
     * Seeded coordinate queries (step μ of the spec) at the corrector's initial θ (a He-normal draw with a
     * non-zero last layer, so the corrector acts).
     */
    static QueryBatch coordinateQueries(CouplingSpec<?> spec, StagedModel model, int queries) {
        double[] theta = model.initialParameters(spec.corrector().seed());
        SplittableRandom random = new SplittableRandom(12);
        List<Query> qs = new ArrayList<>();
        for (int q = 0; q < queries; q++) {
            qs.add(new Query.Coordinate(random.nextInt(model.space().dimension()), spec.training().mu()));
        }
        return new QueryBatch(theta, qs);
    }

    /**
     * Alternating rounds of the same batch on both sides, after one untimed pass of each (JIT warm-up, and
     * the values compared).
     */
    static <S> Rounds rounds(RolloutLoss<S> before, RolloutLoss<S> now, QueryBatch batch, int rounds) {
        double[] a = before.values(batch);
        double[] b = now.values(batch);
        double[] ratios = new double[rounds];
        double beforeQps = 0;
        double nowQps = 0;
        int queries = batch.size();
        for (int r = 0; r < rounds; r++) {
            double ta = cpuSeconds(() -> before.values(batch));
            double tb = cpuSeconds(() -> now.values(batch));
            ratios[r] = ta / tb;
            beforeQps += queries / ta / rounds;
            nowQps += queries / tb / rounds;
        }
        return new Rounds(a, b, ratios, beforeQps, nowQps);
    }

    /**
     * What alternating rounds measured.
     *
     * @param before the before side's values of the warm-up pass
     * @param now the now side's values of the warm-up pass
     * @param ratios before's time over now's, per round
     * @param beforeQps before's queries per second, mean over rounds
     * @param nowQps now's queries per second, mean over rounds
     */
    record Rounds(double[] before, double[] now, double[] ratios, double beforeQps, double nowQps) {
        boolean same() {
            return Arrays.equals(before, now);
        }

        /** @return the per-round speed-ups, two decimals each, space-separated */
        String perRound() {
            StringBuilder per = new StringBuilder();
            for (double x : ratios) {
                per.append(per.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", x));
            }
            return per.toString();
        }

        /** @return the median speed-up (the upper one of an even count) */
        double median() {
            double[] sorted = ratios.clone();
            Arrays.sort(sorted);
            return sorted[ratios.length / 2];
        }
    }

    /** @return the CPU seconds this thread spends running r */
    static double cpuSeconds(Runnable r) {
        long t = MX.getCurrentThreadCpuTime();
        r.run();
        return (MX.getCurrentThreadCpuTime() - t) / 1e9;
    }
}
