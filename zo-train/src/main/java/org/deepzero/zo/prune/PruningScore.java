package org.deepzero.zo.prune;

import java.util.SplittableRandom;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.query.QueryExecutor;

/**
 * A pruning-at-initialization criterion: one importance value per coordinate of the parameter space.
 * Convention: <b>higher importance = kept</b>; {@link LayerRatios#fromScores} keeps the top fraction.
 * Criteria whose literature score is "prune the largest" (GraSP) return its negation.
 */
public interface PruningScore {

    /**
     * Importance of every coordinate at {@code theta}.
     *
     * @param objective the loss on a fixed (ideally class-balanced) mini-batch
     * @param theta     parameters at initialization, not modified
     * @param executor  where the objective queries run
     * @param random    source of random directions; seeded by the caller
     * @return one value per coordinate, higher = more important
     */
    double[] importance(Objective objective, double[] theta, QueryExecutor executor, SplittableRandom random);
}
