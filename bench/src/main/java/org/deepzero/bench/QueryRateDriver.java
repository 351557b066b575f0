package org.deepzero.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.StagedModels;
import org.deepzero.zo.objective.QueryOptions;
import org.deepzero.zo.objective.StagedObjective;
import org.deepzero.zo.query.QueryBatch;

/**
 * The CGE query workloads of {@link CgeQueryVersusBuild}, written against the part of zo-train's API that
 * older builds share, so that the same driver runs on an older build's classes in a class loader of its
 * own. Called reflectively.
 */
public final class QueryRateDriver {
    private QueryRateDriver() {
    }

    /** Path names, in the order {@link #prepare} returns them. */
    public static List<String> paths(int k) {
        return List.of("full", "reuse", "delta", "batched K=" + k);
    }

    /**
     * One task per path: each evaluates the seeded coordinate sample (μ = 5e-3, as {@link CgeQueryBenchmark})
     * on the depth-3 CNN, width 18, and returns the query values; the full path evaluates the first eighth
     * of the sample. Each task has run once (warm-up and feature cache) when this returns.
     */
    public static List<Supplier<double[]>> prepare(int batch, int coords, int k) {
        StagedModel model = StagedModels.cifarCnn(3, 18, 10);
        double[] theta = model.initialParameters(1);
        QueryBatch sample = new QueryBatch(theta, CgeQueryBenchmark.sampleQueries(model.space().dimension(), coords,
                new SplittableRandom(3)));
        QueryBatch few = new QueryBatch(theta, sample.queries().subList(0, Math.max(1, coords / 8)));
        QueryOptions[] options = {QueryOptions.plain(), QueryOptions.reuse(), QueryOptions.delta(), QueryOptions.all(k)};
        Supplier<double[]>[] tasks = new Supplier[options.length];
        for (int p = 0; p < options.length; p++) {
            StagedObjective o = RgeBatchSpeedup.objective(model, batch, options[p]);
            QueryBatch queries = p == 0 ? few : sample;
            tasks[p] = () -> o.values(queries);
            tasks[p].get();
        }
        return List.of(tasks);
    }
}
