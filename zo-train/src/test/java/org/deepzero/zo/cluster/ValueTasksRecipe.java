package org.deepzero.zo.cluster;

import java.util.SplittableRandom;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.query.TaskSet;
import org.deepzero.zo.query.TaskSetRecipe;

/**
 * Tasks for the member tests: task i is the small CNN's loss at a seeded point θ_i and at θ_i + 0.01,
 * built from a {@link SmallCnnRecipe} on whichever JVM runs it.
 */
record ValueTasksRecipe(SmallCnnRecipe objective, int count, long seed) implements TaskSetRecipe {

    @Override
    public TaskSet build() {
        Objective o = objective.build();
        int d = o.space().dimension();
        return new TaskSet() {
            @Override
            public int size() {
                return count;
            }

            @Override
            public double[] run(int i) {
                SplittableRandom r = new SplittableRandom(seed + i);
                double[] theta = new double[d];
                for (int j = 0; j < d; j++) {
                    theta[j] = 0.3 * r.nextGaussian();
                }
                double a = o.value(theta);
                for (int j = 0; j < d; j++) {
                    theta[j] += 0.01;
                }
                return new double[] {a, o.value(theta)};
            }
        };
    }
}
