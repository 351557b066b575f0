package org.deepzero.vision.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deepzero.zo.train.Evaluator;
import org.deepzero.zo.train.StepReport;
import org.deepzero.zo.train.TrainingListener;

/**
 * Test accuracy at the end of every epoch, with the wall time the epoch's training steps took
 * (from the end of the previous evaluation, or the session start, to this call: evaluation time
 * excluded). Metrics: {@code epoch}, {@code test_accuracy} (percent), {@code test_loss},
 * {@code epoch_train_s}. Register it both as the trainer's evaluator (every epoch) and as a listener,
 * so the clock starts when the session does.
 */
public final class EpochEvaluator implements Evaluator, TrainingListener {
    private final TestAccuracy test;
    private final int stepsPerEpoch;
    private long clock = System.nanoTime();

    public EpochEvaluator(TestAccuracy test, int stepsPerEpoch) {
        this.test = test;
        this.stepsPerEpoch = stepsPerEpoch;
    }

    @Override
    public void onStart(int completedSteps, int totalSteps, long totalQueries) {
        clock = System.nanoTime();
    }

    @Override
    public void onStep(StepReport report) {
        // the evaluation itself is reported through the step's metrics
    }

    @Override
    public Map<String, Double> evaluate(double[] theta, int completedSteps) {
        double trainSeconds = (System.nanoTime() - clock) * 1e-9;
        TestAccuracy.Result r = test.evaluate(theta);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("epoch", Math.ceil((double) completedSteps / stepsPerEpoch));
        m.put("test_accuracy", 100 * r.accuracy());
        m.put("test_loss", r.loss());
        m.put("epoch_train_s", trainSeconds);
        clock = System.nanoTime();
        return m;
    }
}
