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
import org.deepzero.solver.pde.TrajectoryId;

/**
 * Reference trajectories of a case through the PDE's cache ({@link PdeCase#reference}: files named
 * by the case's content and the solver's sources, so a changed case or solver never reuses stale
 * data); missing ones are generated in parallel, after the PDE's check that they fit in the heap
 * and on the disk.
 */
public final class ReferenceCache {
    private ReferenceCache() {
    }

    /**
     * Makes the (default) references of {@code parameters} that are not cached yet, without keeping their frames.
     *
     * @param listener progress of generation, per parameter set
     * @throws org.deepzero.solver.ResourceLimitException when the generations cannot fit
     */
    public static void ensure(PdeCase<?> pde, Collection<CaseParameters> parameters, ProgressListener listener) {
        pde.ensureReferences(List.copyOf(new LinkedHashSet<>(parameters)), listener);
    }

    /**
     * Loads or makes the default trajectory of every parameter set in {@code parameters} (each once).
     *
     * @param listener progress of generation, per parameter set
     */
    public static <S> ReferenceSet<S> load(PdeCase<S> pde, Collection<CaseParameters> parameters,
                                           ProgressListener listener) {
        return loadTrajectories(pde, parameters.stream().map(TrajectoryId::of).toList(), listener);
    }

    /**
     * Loads or makes every trajectory in {@code ids} (each once).
     *
     * @param listener progress of generation, per trajectory
     */
    public static <S> ReferenceSet<S> loadTrajectories(PdeCase<S> pde, Collection<TrajectoryId> ids,
                                                       ProgressListener listener) {
        List<TrajectoryId> all = List.copyOf(new LinkedHashSet<>(ids));
        pde.ensureTrajectories(all, listener);
        Map<TrajectoryId, List<S>> frames = new ConcurrentHashMap<>();
        // the PDE's cache returns the frames as stored (float32) whether it generated them or not,
        // so a fresh run and a resumed one see the same data
        all.parallelStream().forEach(id -> frames.put(id, pde.reference(id, listener.prefixed(id.label()))));
        Map<TrajectoryId, List<S>> ordered = new LinkedHashMap<>();
        for (TrajectoryId id : all) {
            ordered.put(id, frames.get(id));
        }
        return ReferenceSet.of(ordered);
    }
}
