package org.deepzero.coupling.data;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.deepzero.common.ProgressListener;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.solver.pde.PdeCase;

/**
 * Reference trajectories of a case at several parameter sets, through the PDE's cache
 * ({@link PdeCase#reference}: files named by the case hash, so a changed case never reuses stale
 * data); missing ones are generated in parallel, after the PDE's check that they fit in the heap
 * and on the disk.
 */
public final class ReferenceCache {
    private ReferenceCache() {
    }

    /**
     * Makes the references of {@code parameters} that are not cached yet, without keeping their frames.
     *
     * @param listener progress of generation, per parameter set
     * @throws org.deepzero.solver.ResourceLimitException when the generations cannot fit
     */
    public static void ensure(PdeCase<?> pde, Collection<CaseParameters> parameters, ProgressListener listener) {
        pde.ensureReferences(List.copyOf(new LinkedHashSet<>(parameters)), listener);
    }

    /**
     * Loads or makes the reference of every parameter set in {@code parameters} (each once).
     *
     * @param listener progress of generation, per parameter set
     */
    public static <S> ReferenceSet<S> load(PdeCase<S> pde, Collection<CaseParameters> parameters,
                                           ProgressListener listener) {
        ensure(pde, parameters, listener);
        Map<CaseParameters, List<S>> frames = new ConcurrentHashMap<>();
        List<CaseParameters> all = List.copyOf(new LinkedHashSet<>(parameters));
        // the PDE's cache returns the frames as stored (float32) whether it generated them or not,
        // so a fresh run and a resumed one see the same data
        all.parallelStream().forEach(p -> frames.put(p, pde.reference(p, listener.prefixed(p.label()))));
        Map<CaseParameters, List<S>> ordered = new LinkedHashMap<>();
        for (CaseParameters p : all) {
            ordered.put(p, frames.get(p));
        }
        return new ReferenceSet<>(ordered);
    }
}
