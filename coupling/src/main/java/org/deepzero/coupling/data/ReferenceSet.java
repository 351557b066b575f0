package org.deepzero.coupling.data;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.solver.pde.TrajectoryId;

/**
 * Reference trajectories on the coarse grid (fine simulations restricted onto it), one per
 * {@link TrajectoryId} (parameter set and initial perturbation), frames one coarse time step apart.
 * Immutable; a copy made by {@link #observed} reports every read, so a test can show which
 * trajectories training, normalisation and model selection look at.
 *
 * @param <S> the PDE's state type
 */
public final class ReferenceSet<S> {
    private final Map<TrajectoryId, List<S>> frames;
    private final Consumer<TrajectoryId> reads;

    /** Default trajectories (perturbation 0) by parameter set. */
    public ReferenceSet(Map<CaseParameters, List<S>> frames) {
        this(byTrajectory(frames), id -> { });
    }

    private ReferenceSet(Map<TrajectoryId, List<S>> frames, Consumer<TrajectoryId> reads) {
        Map<TrajectoryId, List<S>> copy = new LinkedHashMap<>();
        frames.forEach((p, f) -> copy.put(p, List.copyOf(f)));
        this.frames = java.util.Collections.unmodifiableMap(copy);
        this.reads = reads;
    }

    /** Trajectories by id, in the order given. */
    public static <S> ReferenceSet<S> of(Map<TrajectoryId, List<S>> frames) {
        return new ReferenceSet<>(frames, id -> { });
    }

    private static <S> Map<TrajectoryId, List<S>> byTrajectory(Map<CaseParameters, List<S>> frames) {
        Map<TrajectoryId, List<S>> out = new LinkedHashMap<>();
        frames.forEach((p, f) -> out.put(TrajectoryId.of(p), f));
        return out;
    }

    /** The same data; every {@link #frames} call also passes its trajectory to {@code reads}. */
    public ReferenceSet<S> observed(Consumer<TrajectoryId> reads) {
        return new ReferenceSet<>(frames, reads);
    }

    /** The frames of the default trajectory at parameters {@code p}. */
    public List<S> frames(CaseParameters p) {
        return frames(TrajectoryId.of(p));
    }

    /** The frames of trajectory {@code id}. */
    public List<S> frames(TrajectoryId id) {
        List<S> f = frames.get(id);
        if (f == null) {
            throw new IllegalArgumentException("no reference trajectory " + id.label() + "; have "
                    + frames.keySet().stream().map(TrajectoryId::label).toList());
        }
        reads.accept(id);
        return f;
    }

    /** The parameter sets present, in the order loaded (each once). */
    public Set<CaseParameters> parameters() {
        Set<CaseParameters> out = new LinkedHashSet<>();
        frames.keySet().forEach(id -> out.add(id.parameters()));
        return java.util.Collections.unmodifiableSet(out);
    }

    /** The trajectories present, in the order loaded. */
    public Set<TrajectoryId> trajectories() {
        return frames.keySet();
    }
}
