package org.deepzero.zo.prune;

import java.util.SplittableRandom;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.query.QueryExecutor;

/**
 * Random pruning, the baseline of pruning-at-initialization studies: i.i.d. uniform importances, so a
 * global ranking keeps about the same fraction of every layer. Spends no queries.
 */
public final class RandomScore implements PruningScore {

    @Override
    public double[] importance(Objective objective, double[] theta, QueryExecutor executor, SplittableRandom random) {
        double[] s = new double[theta.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = random.nextDouble();
        }
        return s;
    }

    @Override
    public String toString() {
        return "RandomScore";
    }
}
