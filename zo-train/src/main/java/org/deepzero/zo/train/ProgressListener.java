package org.deepzero.zo.train;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Writes a one-line progress report every k steps and at the last step:
 * <pre>step 8/15  loss 0.123457  lr 0.01  2140 queries/s  ETA 0:00:12  val_loss 0.2</pre>
 * Throughput and ETA are measured over this session (since {@link #onStart}), so a resumed run does
 * not count the time before the interruption.
 */
public final class ProgressListener implements TrainingListener {

    private final Consumer<String> sink;
    private final int every;
    private final LongSupplier nanoClock;

    private long startNanos;
    private int startStep;
    private long startQueries;

    /**
     * @param sink  where lines go, e.g. {@code System.err::println}
     * @param every report every {@code every} steps, at least 1
     */
    public ProgressListener(Consumer<String> sink, int every) {
        this(sink, every, System::nanoTime);
    }

    /** As {@link #ProgressListener(Consumer, int)} with an explicit clock, for tests. */
    ProgressListener(Consumer<String> sink, int every, LongSupplier nanoClock) {
        if (every < 1) {
            throw new IllegalArgumentException("progress interval must be >= 1 step, got " + every);
        }
        this.sink = Objects.requireNonNull(sink, "sink");
        this.every = every;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    @Override
    public void onStart(int completedSteps, int totalSteps, long totalQueries) {
        startNanos = nanoClock.getAsLong();
        startStep = completedSteps;
        startQueries = totalQueries;
    }

    @Override
    public void onStep(StepReport r) {
        if (r.step() % every != 0 && !r.isLast()) {
            return;
        }
        sink.accept(format(r));
    }

    String format(StepReport r) {
        double elapsed = (nanoClock.getAsLong() - startNanos) * 1e-9;
        int done = r.step() - startStep;
        double qps = elapsed > 0 ? (r.totalQueries() - startQueries) / elapsed : Double.NaN;
        double eta = done > 0 ? elapsed / done * (r.totalSteps() - r.step()) : Double.NaN;
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "step %d/%d  loss %.6g  lr %.3g  %s queries/s  ETA %s",
                r.step(), r.totalSteps(), r.loss(), r.learningRate(),
                Double.isNaN(qps) ? "?" : String.format(Locale.ROOT, "%.0f", qps), duration(eta)));
        for (Map.Entry<String, Double> e : r.metrics().entrySet()) {
            b.append(String.format(Locale.ROOT, "  %s %.6g", e.getKey(), e.getValue()));
        }
        return b.toString();
    }

    /** {@code H:MM:SS}, or {@code ?} when unknown. */
    static String duration(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
