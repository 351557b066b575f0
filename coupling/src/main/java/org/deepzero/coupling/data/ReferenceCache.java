package org.deepzero.coupling.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import org.deepzero.common.ProgressListener;
import org.deepzero.solver.MemoryEstimate;
import org.deepzero.solver.ReferenceGenerator;
import org.deepzero.solver.flow.FlowState;
import org.deepzero.solver.io.FlowCase;

/**
 * Reference trajectories of a case at several Reynolds numbers, through the solver's cache
 * ({@link ReferenceGenerator#loadOrGenerate}: files named by the case hash, so a changed case never
 * reuses stale data); missing ones are generated in parallel, after a check that they fit in the
 * heap and on the disk.
 */
public final class ReferenceCache {
    private ReferenceCache() {
    }

    /**
     * Makes the references at {@code reynolds} that are not cached yet, without keeping their frames.
     *
     * @param listener progress of generation, per Reynolds number
     * @throws org.deepzero.solver.ResourceLimitException when the generations cannot fit
     */
    public static void ensure(FlowCase flow, double[] reynolds, ProgressListener listener) {
        TreeSet<Double> missing = new TreeSet<>();
        for (double re : reynolds) {
            if (!ReferenceGenerator.isCached(flow, re)) {
                missing.add(re);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        generationEstimate(flow, missing.size()).requireFits("lower [reference] factor or [grid] nx, ny in " + flow.file());
        MemoryEstimate.requireDisk(flow.outputDir(), missing.size() * ReferenceGenerator.diskBytes(flow),
                "lower [reference] frames in " + flow.file());
        missing.parallelStream().forEach(re -> ReferenceGenerator.ensure(flow, re, listener.prefixed("Re " + fmt(re))));
    }

    /**
     * Heap of generating {@code missing} references, as many at once as the common pool runs.
     *
     * @param flow    the case
     * @param missing references to make
     * @return the estimate
     */
    public static MemoryEstimate generationEstimate(FlowCase flow, int missing) {
        int atOnce = Math.min(missing, ForkJoinPool.getCommonPoolParallelism() + 1);
        return ReferenceGenerator.generationEstimate(flow).times(atOnce);
    }

    /**
     * Loads or makes the reference at every Reynolds number in {@code reynolds}.
     *
     * @param listener progress of generation, per Reynolds number
     */
    public static ReferenceSet load(FlowCase flow, double[] reynolds, ProgressListener listener) {
        ensure(flow, reynolds, listener);
        Map<Double, List<FlowState>> frames = new ConcurrentHashMap<>();
        TreeSet<Double> all = new TreeSet<>();
        for (double re : reynolds) {
            all.add(re);
        }
        // the solver's cache returns the frames as stored (float32) whether it generated them or not,
        // so a fresh run and a resumed one see the same data
        all.parallelStream().forEach(re -> frames.put(re, ReferenceGenerator.loadOrGenerate(flow, re,
                listener.prefixed("Re " + fmt(re))).frames()));
        Map<Double, List<FlowState>> ordered = new LinkedHashMap<>();
        for (double re : all) {
            ordered.put(re, frames.get(re));
        }
        return new ReferenceSet(ordered);
    }

    /** 100 rather than 100.0. */
    private static String fmt(double re) {
        return re == Math.rint(re) ? Long.toString((long) re) : Double.toString(re);
    }
}
