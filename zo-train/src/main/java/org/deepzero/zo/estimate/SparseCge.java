package org.deepzero.zo.estimate;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.query.QueryExecutor;

/**
 * Sparse CGE (DeepZero): forward-difference CGE on the coordinates selected by a mask,
 * {@code ĝ_i = (f(θ + μ e_i) − f(θ)) / μ} for i in the mask and {@code ĝ_i = 0} elsewhere. Spends exactly
 * (selected coordinates + 1) queries. The mask comes from a supplier asked once per estimate, so a mask
 * sampler can redraw it every k steps.
 */
public final class SparseCge extends CoordinateEstimator {
    private final Supplier<boolean[]> mask;

    /** Sparse CGE with step {@code mu} over the masks {@code mask} supplies ({@code true} = selected). */
    public SparseCge(Supplier<boolean[]> mask, double mu) {
        super(mu, Difference.FORWARD);
        this.mask = java.util.Objects.requireNonNull(mask, "mask");
    }

    /** Sparse CGE over one fixed mask with DeepZero's μ = 5e-3. */
    public static SparseCge fixed(boolean[] mask) {
        boolean[] copy = mask.clone();
        return new SparseCge(() -> copy, DEFAULT_MU);
    }

    @Override
    public Estimate estimate(Objective objective, double[] theta, QueryExecutor executor, SplittableRandom random) {
        boolean[] m = mask.get();
        if (m.length != objective.space().dimension()) {
            throw new IllegalArgumentException("mask has " + m.length + " entries, the objective "
                    + objective.space().dimension());
        }
        int[] selected = IntStream.range(0, m.length).filter(i -> m[i]).toArray();
        return estimateOver(objective, theta, selected, executor);
    }
}
