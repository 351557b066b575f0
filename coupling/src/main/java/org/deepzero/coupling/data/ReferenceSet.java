package org.deepzero.coupling.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deepzero.solver.pde.CaseParameters;

/**
 * Reference trajectories on the coarse grid (fine simulations restricted onto it), one per parameter
 * set, frames one coarse time step apart. Immutable.
 *
 * @param <S> the PDE's state type
 */
public final class ReferenceSet<S> {
    private final Map<CaseParameters, List<S>> frames;

    public ReferenceSet(Map<CaseParameters, List<S>> frames) {
        Map<CaseParameters, List<S>> copy = new LinkedHashMap<>();
        frames.forEach((p, f) -> copy.put(p, List.copyOf(f)));
        this.frames = java.util.Collections.unmodifiableMap(copy);
    }

    /** The frames at parameters {@code p}. */
    public List<S> frames(CaseParameters p) {
        List<S> f = frames.get(p);
        if (f == null) {
            throw new IllegalArgumentException("no reference trajectory for " + p + "; have " + frames.keySet());
        }
        return f;
    }

    /** The parameter sets present, in the order loaded. */
    public Set<CaseParameters> parameters() {
        return frames.keySet();
    }
}
