package org.deepzero.zo.train;

/**
 * The outcome of a {@link Trainer} session.
 *
 * @param theta          parameters after the last completed step
 * @param completedSteps steps done, counting those before a resume
 * @param finished       whether all steps are done (false when stopped on request)
 * @param totalQueries   objective evaluations spent, across resumes
 * @param wallSeconds    wall-clock seconds, across resumes
 * @param lastLoss       loss reported by the last step of this session (NaN if it ran none)
 * @param bestMetric     best value of the tracked evaluation metric (NaN if none)
 */
public record TrainingResult(double[] theta, int completedSteps, boolean finished, long totalQueries,
                             double wallSeconds, double lastLoss, double bestMetric) {

    public TrainingResult {
        theta = theta.clone();
    }

    @Override
    public double[] theta() {
        return theta.clone();
    }
}
