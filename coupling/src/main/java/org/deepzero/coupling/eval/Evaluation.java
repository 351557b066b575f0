package org.deepzero.coupling.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepzero.common.ProgressListener;

/**
 * The test of every method on the same held-out rollouts: per-step errors, their means and 95%
 * intervals, and the states for images and HDF5. Immutable once built.
 *
 * @param rollouts the test rollouts (starts and length)
 * @param results  method name to its rollouts, in report order ({@code src} first)
 * @param <S>      the PDE's state type
 */
public record Evaluation<S>(TestRollouts<S> rollouts, Map<String, TestRollouts.Result<S>> results) {

    public Evaluation {
        results = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(results));
    }

    /**
     * Runs every method.
     *
     * @param thetas   method name to corrector parameters; null parameters mean the plain solver
     * @param progress phase {@code evaluate}: methods done, with the last one's mean error
     */
    public static <S> Evaluation<S> run(TestRollouts<S> rollouts, Map<String, double[]> thetas, ProgressListener progress) {
        Map<String, TestRollouts.Result<S>> out = new LinkedHashMap<>();
        progress.progress("evaluate", 0, thetas.size(), Map.of());
        for (Map.Entry<String, double[]> e : thetas.entrySet()) {
            progress.note("evaluating " + e.getKey() + " on " + rollouts.starts().size() + " rollouts of "
                    + rollouts.steps() + " steps");
            TestRollouts.Result<S> r = rollouts.run(e.getKey(), e.getValue(), true);
            out.put(e.getKey(), r);
            progress.progress("evaluate", out.size(), thetas.size(), Map.of("mean_mae", r.errors().mean()));
        }
        return new Evaluation<>(rollouts, out);
    }

    /** The errors of every method, in report order. */
    public List<MethodErrors> errors() {
        return results.values().stream().map(TestRollouts.Result::errors).toList();
    }

    /** The errors of one method. */
    public MethodErrors errors(String method) {
        TestRollouts.Result<S> r = results.get(method);
        if (r == null) {
            throw new IllegalArgumentException("method " + method + " was not evaluated; have " + results.keySet());
        }
        return r.errors();
    }
}
