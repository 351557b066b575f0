package org.deepzero.coupling.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.deepzero.common.ProgressListener;
import org.deepzero.solver.ReferenceGenerator;
import org.deepzero.solver.flow.FlowState;
import org.deepzero.solver.io.FlowCase;

/**
 * Reference trajectories of a case at several Reynolds numbers, through the solver's cache
 * ({@link ReferenceGenerator#loadOrGenerate}: files named by the case hash, so a changed case never
 * reuses stale data); missing ones are generated in parallel.
 */
public final class ReferenceCache {
    private ReferenceCache() {
    }

    /**
     * Loads or makes the reference at every Reynolds number in {@code reynolds}.
     *
     * @param listener progress of generation, per Reynolds number
     */
    public static ReferenceSet load(FlowCase flow, double[] reynolds, ProgressListener listener) {
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
