package org.deepzero.zo.estimate;

import java.util.SplittableRandom;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.query.QueryExecutor;

/**
 * Estimates the gradient of an {@link Objective} from function values alone.
 * Randomness comes from the generator passed in, so a trainer that derives it from (seed, step)
 * replays exactly after a resume.
 */
public interface GradientEstimator {

    /**
     * Estimates the gradient at {@code theta}.
     *
     * @param objective the black box
     * @param theta     the point, not modified
     * @param executor  where the queries run
     * @param random    source of random directions or masks; unused by deterministic estimators
     */
    Estimate estimate(Objective objective, double[] theta, QueryExecutor executor, SplittableRandom random);

    /**
     * A gradient estimate.
     *
     * @param gradient  the estimated gradient, one entry per coordinate
     * @param value     the objective at the base point (queried anyway by forward differences)
     * @param queries   number of objective evaluations spent, the base point included
     */
    record Estimate(double[] gradient, double value, int queries) {
    }
}
