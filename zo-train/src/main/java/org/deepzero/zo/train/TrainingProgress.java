package org.deepzero.zo.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.deepzero.common.ProgressListener;

/**
 * Forwards a {@link Trainer}'s steps to the project's progress listener as phase {@code phase},
 * with the step's loss, learning rate and extra metrics as values. The start of a session (step 0 of
 * a fresh run, the checkpoint's step on resume) is reported first, so rate and time left count only
 * this session's steps.
 */
public final class TrainingProgress implements TrainingListener {

    private final String phase;
    private final ProgressListener listener;

    /**
     * @param phase    what the lines are called, e.g. {@code "train sol-zo"}
     * @param listener where progress goes, e.g. a {@link org.deepzero.common.ProgressPrinter}
     */
    public TrainingProgress(String phase, ProgressListener listener) {
        this.phase = Objects.requireNonNull(phase, "phase");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public void onStart(int completedSteps, int totalSteps, long totalQueries) {
        listener.progress(phase, completedSteps, totalSteps, Map.of());
    }

    @Override
    public void onStep(StepReport r) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("loss", r.loss());
        values.put("lr", r.learningRate());
        values.putAll(r.metrics());
        listener.progress(phase, r.step(), r.totalSteps(), values);
    }
}
