package org.deepzero.coupling.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.deepzero.common.ProgressListener;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.solver.pde.PdeCase;
import org.deepzero.solver.pde.TrajectoryId;
import org.deepzero.zo.query.LocalQueryExecutor;
import org.deepzero.zo.query.QueryExecutor;
import org.deepzero.zo.query.TaskSet;

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
     * Loads or makes the default trajectory of every parameter set in {@code parameters} (each once),
     * reading on one thread per core.
     *
     * @param listener progress of generation, per parameter set
     */
    public static <S> ReferenceSet<S> load(PdeCase<S> pde, Collection<CaseParameters> parameters,
                                           ProgressListener listener) {
        try (QueryExecutor here = new LocalQueryExecutor()) {
            return loadTrajectories(pde, parameters.stream().map(TrajectoryId::of).toList(), listener, here);
        }
    }

    /**
     * Loads or makes every trajectory in {@code ids} (each once). Missing ones are made by the PDE
     * ({@link PdeCase#ensureTrajectories}: in parallel, within its memory and disk check); then each
     * trajectory is read as one task of {@code executor} on this machine (the frames stay in this JVM;
     * cluster members read their own copies, verified by hash).
     *
     * @param listener progress of generation, per trajectory
     */
    public static <S> ReferenceSet<S> loadTrajectories(PdeCase<S> pde, Collection<TrajectoryId> ids,
                                                       ProgressListener listener, QueryExecutor executor) {
        List<TrajectoryId> all = List.copyOf(new LinkedHashSet<>(ids));
        pde.ensureTrajectories(all, listener);
        List<List<S>> frames = new ArrayList<>(Collections.nCopies(all.size(), null));
        // the PDE's cache returns the frames as stored (float32) whether it generated them or not,
        // so a fresh run and a resumed one see the same data
        executor.run(new TaskSet() {
            @Override
            public int size() {
                return all.size();
            }

            @Override
            public double[] run(int i) {
                TrajectoryId id = all.get(i);
                frames.set(i, pde.reference(id, listener.prefixed(id.label())));
                return new double[0];
            }
        });
        Map<TrajectoryId, List<S>> ordered = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            ordered.put(all.get(i), frames.get(i));
        }
        return ReferenceSet.of(ordered);
    }
}
