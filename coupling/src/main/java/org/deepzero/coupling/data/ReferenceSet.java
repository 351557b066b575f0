package org.deepzero.coupling.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deepzero.solver.flow.FlowState;

/**
 * Reference trajectories on the coarse grid (fine simulations downsampled), one per Reynolds number,
 * frames one coarse time step apart. Immutable.
 */
public final class ReferenceSet {
    private final Map<Double, List<FlowState>> frames;

    public ReferenceSet(Map<Double, List<FlowState>> frames) {
        Map<Double, List<FlowState>> copy = new LinkedHashMap<>();
        frames.forEach((re, f) -> copy.put(re, List.copyOf(f)));
        this.frames = java.util.Collections.unmodifiableMap(copy);
    }

    /** The frames at Reynolds number {@code re}. */
    public List<FlowState> frames(double re) {
        List<FlowState> f = frames.get(re);
        if (f == null) {
            throw new IllegalArgumentException("no reference trajectory for Re " + re + "; have " + frames.keySet());
        }
        return f;
    }

    /** The Reynolds numbers present. */
    public Set<Double> reynolds() {
        return frames.keySet();
    }
}
