package org.deepzero.zo.estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deepzero.common.Seeds;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.query.Query;
import org.deepzero.zo.query.QueryBatch;
import org.deepzero.zo.query.QueryExecutor;
import org.deepzero.zo.query.SeededDirections;

/**
 * Randomised gradient estimation (RGE, DeepZero eq. 2) with q random directions u_1..u_q:
 * <pre>
 *   ĝ = (φ(d) / q) Σ_{i=1..q} [(f(θ + μ u_i) − f(θ)) / μ] u_i
 * </pre>
 * with d the dimension, and either u_i ~ N(0, I) and φ(d) = 1, or u_i uniform on the unit sphere and
 * φ(d) = d. Both make ĝ an unbiased estimate of the gradient of the Gaussian/sphere smoothing of f,
 * hence of ∇f up to O(μ). Spends q + 1 queries. Directions come from the random source passed to
 * {@link #estimate}. Immutable.
 */
public final class Rge implements GradientEstimator {

    /** Distribution of the directions. */
    public enum Directions {
        /** u ~ N(0, I), φ(d) = 1. */
        GAUSSIAN,
        /** u uniform on the unit sphere, φ(d) = d. */
        UNIT_SPHERE
    }

    private final int q;
    private final double mu;
    private final Directions directions;
    /** Coordinates the directions span (ascending), or null for all of them. */
    private final int[] subspace;

    /** Directions drawn and evaluated together (one executor batch). */
    static final int CHUNK = 16;

    public Rge(int q, double mu, Directions directions) {
        this(q, mu, directions, null);
    }

    private Rge(int q, double mu, Directions directions, int[] subspace) {
        if (q < 1) {
            throw new IllegalArgumentException("number of directions q must be positive, got " + q);
        }
        if (!(mu > 0) || Double.isInfinite(mu)) {
            throw new IllegalArgumentException("step mu must be positive and finite, got " + mu);
        }
        this.q = q;
        this.mu = mu;
        this.directions = java.util.Objects.requireNonNull(directions, "directions");
        this.subspace = subspace;
    }

    /**
     * This estimator with directions in the span of the selected coordinates only (zero elsewhere,
     * also in the estimate): RGE of f restricted to that subspace, with φ the subspace's dimension.
     * For a start where only some coordinates can change f at all, so that no query is spent on
     * directions whose other components change nothing.
     *
     * @param selected one entry per coordinate, {@code true} = in the subspace; at least one selected
     */
    public Rge restrictedTo(boolean[] selected) {
        int[] idx = java.util.stream.IntStream.range(0, selected.length).filter(i -> selected[i]).toArray();
        if (idx.length == 0) {
            throw new IllegalArgumentException("an RGE subspace needs at least one coordinate");
        }
        return new Rge(q, mu, directions, idx);
    }

    /** q directions on the unit sphere, μ = 5e-3 (DeepZero's defaults). */
    public static Rge deepZeroDefaults(int q) {
        return new Rge(q, CoordinateEstimator.DEFAULT_MU, Directions.UNIT_SPHERE);
    }

    public int q() {
        return q;
    }

    public double mu() {
        return mu;
    }

    public Directions directions() {
        return directions;
    }

    @Override
    public Estimate estimate(Objective objective, double[] theta, QueryExecutor executor, SplittableRandom random) {
        int d = objective.space().dimension();
        if (theta.length != d) {
            throw new IllegalArgumentException("theta has " + theta.length + " entries, the objective " + d);
        }
        double f0 = executor.evaluate(objective, new QueryBatch(theta, List.of(new Query.Coordinate(0, 0.0))))[0];
        if (subspace != null && subspace[subspace.length - 1] >= d) {
            throw new IllegalArgumentException("subspace coordinate " + subspace[subspace.length - 1]
                    + " outside [0, " + d + ")");
        }
        double phi = directions == Directions.UNIT_SPHERE ? (subspace == null ? d : subspace.length) : 1.0;
        double[] g = new double[d];
        // Directions are drawn through SeededDirections from the generator's position, so a batch can
        // travel as that position (a cluster member redraws the same vectors); the draws are those a
        // direct use of the generator gives, and the generator is left where such use would leave it.
        long start = Seeds.position(random);
        long position = start;
        // directions are drawn and used in chunks, so memory stays at CHUNK directions whatever q is
        // (q = 192 directions of ResNet-20 would hold 400 MB); the draws do not depend on the chunking
        for (int from = 0; from < q; from += CHUNK) {
            int n = Math.min(CHUNK, q - from);
            SeededDirections seeded = new SeededDirections(position, d, subspace,
                    directions == Directions.UNIT_SPHERE, n);
            SeededDirections.Drawn drawn = seeded.draw();
            position = drawn.next();
            List<Query> queries = new ArrayList<>(n);
            for (double[] u : drawn.vectors()) {
                queries.add(new Query.Direction(u, mu));
            }
            double[] f = executor.evaluate(objective, new QueryBatch(theta, queries, seeded));
            for (int i = 0; i < n; i++) {
                double w = phi / q * (f[i] - f0) / mu;
                double[] u = drawn.vectors()[i];
                for (int j = 0; j < d; j++) {
                    g[j] += w * u[j];
                }
            }
        }
        Seeds.advanceTo(random, start, position);
        return new Estimate(g, f0, q + 1);
    }
}
