package org.deepzero.zo.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What happened in one training step; sent to listeners and written to the metrics log.
 *
 * @param step         number of steps completed, this one included (1-based)
 * @param totalSteps   steps of the whole run
 * @param loss         objective value at the parameters before this step's update, on this step's mini-batch
 * @param learningRate learning rate used by this step's update
 * @param queries      objective evaluations spent by this step
 * @param totalQueries objective evaluations spent since the run began, across resumes
 * @param wallSeconds  wall-clock seconds since the run began, across resumes
 * @param metrics      extra metrics of this step, e.g. from an {@link Evaluator}; empty on most steps
 */
public record StepReport(int step, int totalSteps, double loss, double learningRate, int queries,
                         long totalQueries, double wallSeconds, Map<String, Double> metrics) {

    public StepReport {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** Whether this is the last step of the run. */
    public boolean isLast() {
        return step == totalSteps;
    }
}
