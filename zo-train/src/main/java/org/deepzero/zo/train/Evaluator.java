package org.deepzero.zo.train;

import java.util.Map;

/**
 * Evaluates the current parameters, e.g. loss and accuracy on held-out data. Called by the
 * {@link Trainer} every k steps; its metrics go to the step's {@link StepReport}, the metrics log, and,
 * for the metric chosen as "best", the checkpoint.
 */
@FunctionalInterface
public interface Evaluator {

    /**
     * @param theta          a copy of the parameters after {@code completedSteps} steps
     * @param completedSteps steps done so far
     * @return metric name to value, in the order they should be logged
     */
    Map<String, Double> evaluate(double[] theta, int completedSteps);
}
