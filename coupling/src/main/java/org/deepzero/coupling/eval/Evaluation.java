package org.deepzero.coupling.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepzero.common.ProgressListener;
import org.deepzero.zo.query.QueryExecutor;

/**
 * The test of every method on the same held-out rollouts, for each of its training seeds: per-step
 * errors and physics signals, and for the first seed the states for images and HDF5. Immutable once built.
 *
 * @param rollouts the test rollouts (starts and length)
 * @param seeds    method name to its seed replicates, in report order ({@code src} first, seed {@code [0]})
 * @param results  method name to its rollouts, one result per seed in the order of {@code seeds}
 * @param <S>      the PDE's state type
 */
public record Evaluation<S>(TestRollouts<S> rollouts, Map<String, List<Integer>> seeds,
                            Map<String, List<TestRollouts.Result<S>>> results) {

    public Evaluation {
        Map<String, List<TestRollouts.Result<S>>> r = new LinkedHashMap<>();
        results.forEach((m, list) -> r.put(m, List.copyOf(list)));
        results = java.util.Collections.unmodifiableMap(r);
        Map<String, List<Integer>> sd = new LinkedHashMap<>();
        seeds.forEach((m, list) -> sd.put(m, List.copyOf(list)));
        seeds = java.util.Collections.unmodifiableMap(sd);
        if (!seeds.keySet().equals(results.keySet())) {
            throw new IllegalArgumentException("seeds for " + seeds.keySet() + ", results for " + results.keySet());
        }
    }

    /**
     * Runs every method and seed.
     *
     * @param thetas   method name to corrector parameters per seed replicate (seed to parameters, in
     *                 order); a {@code null} parameter vector means the plain solver
     * @param progress phase {@code evaluate}: methods done, with the last one's mean error
     * @param executor runs the rollouts (their states stay in this JVM: on this machine's threads)
     */
    public static <S> Evaluation<S> run(TestRollouts<S> rollouts, Map<String, Map<Integer, double[]>> thetas,
                                        ProgressListener progress, QueryExecutor executor) {
        Map<String, List<TestRollouts.Result<S>>> out = new LinkedHashMap<>();
        Map<String, List<Integer>> seeds = new LinkedHashMap<>();
        int total = thetas.values().stream().mapToInt(Map::size).sum();
        int done = 0;
        progress.progress("evaluate", 0, total, Map.of());
        for (Map.Entry<String, Map<Integer, double[]>> e : thetas.entrySet()) {
            List<TestRollouts.Result<S>> perSeed = new ArrayList<>();
            for (Map.Entry<Integer, double[]> seed : e.getValue().entrySet()) {
                progress.note("evaluating " + e.getKey() + (e.getValue().size() > 1 ? " seed " + seed.getKey() : "")
                        + " on " + rollouts.starts().size() + " rollouts of " + rollouts.steps() + " steps");
                // states (images, fields) of the first seed only: the heap holds one method's worth per seed less
                TestRollouts.Result<S> r = rollouts.run(e.getKey(), seed.getValue(), perSeed.isEmpty(), true, executor);
                perSeed.add(r);
                progress.progress("evaluate", ++done, total, Map.of("mean_mae", r.errors().mean()));
            }
            out.put(e.getKey(), perSeed);
            seeds.put(e.getKey(), new ArrayList<>(e.getValue().keySet()));
        }
        return new Evaluation<>(rollouts, seeds, out);
    }

    /** The errors of every method over its seeds, in report order. */
    public List<ReplicatedErrors> errors() {
        List<ReplicatedErrors> out = new ArrayList<>();
        results.forEach((m, list) -> out.add(new ReplicatedErrors(m, seeds.get(m),
                list.stream().map(TestRollouts.Result::errors).toList())));
        return out;
    }

    /** The errors of one method over its seeds. */
    public ReplicatedErrors errors(String method) {
        if (!results.containsKey(method)) {
            throw new IllegalArgumentException("method " + method + " was not evaluated; have " + results.keySet());
        }
        return new ReplicatedErrors(method, seeds.get(method),
                results.get(method).stream().map(TestRollouts.Result::errors).toList());
    }

    /** The first seed's rollouts of each method (pictures and fields of the report). */
    public Map<String, TestRollouts.Result<S>> firstSeed() {
        Map<String, TestRollouts.Result<S>> out = new LinkedHashMap<>();
        results.forEach((m, list) -> out.put(m, list.get(0)));
        return out;
    }
}
