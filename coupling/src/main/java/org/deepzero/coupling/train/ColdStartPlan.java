package org.deepzero.coupling.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepzero.zo.param.ParameterSpace;
import org.deepzero.zo.prune.LayerRatios;

/**
 * The query allocation of a zeroth-order run whose starting parameters have zero layers (a cold start:
 * the corrector's output layer is zero, so its output is exactly 0 whatever the other layers hold).
 * <p>
 * At such a start the forward difference {@code f(θ + μ e_i) − f(θ)} of a coordinate i in any other layer
 * is exactly 0 (measured on the default case: 0 of 262 layer-1/2 queries), and ZO-GraSP's {@code θ ⊙ Hg}
 * is exactly 0 on the zero layer itself, so ratios ranked there give the only layer with a signal the
 * least queries. The plan therefore spends the whole per-step budget on the zero layers for the first
 * {@code readoutSteps} steps (the readout phase) and ranks the layers afterwards, at the parameters
 * those steps reached. A start without zero layers has no readout phase. Immutable.
 */
public final class ColdStartPlan {
    private final List<String> zeroLayers;
    private final int readoutSteps;
    private final LayerRatios readoutRatios;
    private final boolean[] readoutCoordinates;

    private ColdStartPlan(List<String> zeroLayers, int readoutSteps, LayerRatios readoutRatios,
                          boolean[] readoutCoordinates) {
        this.zeroLayers = List.copyOf(zeroLayers);
        this.readoutSteps = readoutSteps;
        this.readoutRatios = readoutRatios;
        this.readoutCoordinates = readoutCoordinates;
    }

    /**
     * The plan for a run from {@code start}.
     *
     * @param budget       coordinates queried per step in the readout phase
     * @param readoutSteps length of the readout phase when {@code start} has zero layers, at least 0
     */
    public static ColdStartPlan of(ParameterSpace space, double[] start, int budget, int readoutSteps) {
        if (start.length != space.dimension()) {
            throw new IllegalArgumentException("start has " + start.length + " entries, the space " + space.dimension());
        }
        if (readoutSteps < 0) {
            throw new IllegalArgumentException("negative readout phase " + readoutSteps);
        }
        List<String> zero = zeroLayers(space, start);
        if (zero.isEmpty() || zero.size() == space.layers().size() || readoutSteps == 0) {
            // all zero: every difference of a later layer is zero too, nothing to concentrate on
            return new ColdStartPlan(List.of(), 0, null, null);
        }
        boolean[] selected = new boolean[space.dimension()];
        for (ParameterSpace.Segment s : space.segments()) {
            if (zero.contains(s.layer())) {
                java.util.Arrays.fill(selected, s.offset(), s.end(), true);
            }
        }
        return new ColdStartPlan(zero, readoutSteps, LayerRatios.concentrated(space, zero, budget), selected);
    }

    /** Layers of {@code space} all of whose coordinates are zero in {@code theta}, in layer order. */
    public static List<String> zeroLayers(ParameterSpace space, double[] theta) {
        Map<String, Boolean> zero = new LinkedHashMap<>();
        for (ParameterSpace.Segment s : space.segments()) {
            boolean z = true;
            for (int i = s.offset(); i < s.end() && z; i++) {
                z = theta[i] == 0.0;
            }
            zero.merge(s.layer(), z, Boolean::logicalAnd);
        }
        List<String> out = new ArrayList<>();
        zero.forEach((layer, z) -> {
            if (z) {
                out.add(layer);
            }
        });
        return out;
    }

    /** Whether the run has a readout phase. */
    public boolean hasReadout() {
        return readoutSteps > 0;
    }

    /** Whether 0-based step {@code step} is in the readout phase. */
    public boolean inReadout(int step) {
        return step < readoutSteps;
    }

    /** Steps of the readout phase (0 without one). */
    public int readoutSteps() {
        return readoutSteps;
    }

    /** The zero layers of the start (empty without a readout phase). */
    public List<String> zeroLayers() {
        return zeroLayers;
    }

    /** Layer ratios of the readout phase: the budget on the zero layers. */
    public LayerRatios readoutRatios() {
        requireReadout();
        return readoutRatios;
    }

    /** The coordinates of the zero layers ({@code true}), for estimators without masks. */
    public boolean[] readoutCoordinates() {
        requireReadout();
        return readoutCoordinates.clone();
    }

    private void requireReadout() {
        if (!hasReadout()) {
            throw new IllegalStateException("this start has no readout phase");
        }
    }
}
