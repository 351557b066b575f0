package org.deepzero.zo.train;

/**
 * Receives the progress of a {@link Trainer}, in the thread that runs it. Listeners report (progress
 * lines, dashboards, tests); they must not change the parameters. A listener may call
 * {@link Trainer#requestStop()} to end the run after the current step, with a checkpoint.
 */
public interface TrainingListener {

    /**
     * Called once before the first step of this session.
     *
     * @param completedSteps steps already done (0 for a fresh run, the checkpoint's step on resume)
     * @param totalSteps     steps of the whole run
     * @param totalQueries   objective evaluations already spent
     */
    default void onStart(int completedSteps, int totalSteps, long totalQueries) {
    }

    /** Called after each step's update (and evaluation, when one was due). */
    void onStep(StepReport report);

    /** Called once when the session ends normally (finished or stopped on request). */
    default void onEnd(TrainingResult result) {
    }
}
