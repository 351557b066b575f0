package org.deepzero.zo.estimate;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.query.QueryExecutor;

/**
 * Coordinate-wise gradient estimation (CGE, DeepZero eq. 3): for every coordinate i of a fixed list
 * (all coordinates by default),
 * <pre>
 *   forward:  ĝ_i = (f(θ + μ e_i) − f(θ)) / μ
 *   central:  ĝ_i = (f(θ + μ e_i) − f(θ − μ e_i)) / (2μ)
 * </pre>
 * and ĝ_i = 0 off the list. Spends 1 + |list| (forward) or 1 + 2|list| (central) queries, the base point
 * included. Deterministic; the random source is unused. Immutable.
 */
public final class Cge extends CoordinateEstimator {
    private final int[] coordinates;

    private Cge(double mu, Difference difference, int[] coordinates) {
        super(mu, difference);
        this.coordinates = coordinates == null ? null : coordinates.clone();
        if (this.coordinates != null && IntStream.of(this.coordinates).distinct().count() != this.coordinates.length) {
            throw new IllegalArgumentException("coordinate list has duplicates");
        }
    }

    /** CGE over all coordinates with DeepZero's defaults: μ = 5e-3, forward differences. */
    public static Cge deepZeroDefaults() {
        return new Cge(DEFAULT_MU, Difference.FORWARD, null);
    }

    /** CGE over all coordinates. */
    public static Cge of(double mu, Difference difference) {
        return new Cge(mu, difference, null);
    }

    /** CGE over the listed coordinates only. */
    public static Cge over(int[] coordinates, double mu, Difference difference) {
        return new Cge(mu, difference, coordinates);
    }

    @Override
    public Estimate estimate(Objective objective, double[] theta, QueryExecutor executor, SplittableRandom random) {
        int[] list = coordinates != null ? coordinates : IntStream.range(0, objective.space().dimension()).toArray();
        return estimateOver(objective, theta, list, executor);
    }
}
