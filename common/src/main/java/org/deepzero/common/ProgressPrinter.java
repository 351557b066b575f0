package org.deepzero.common;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Prints progress for a person: {@code phase done/total  rate/s  ETA h:mm:ss  name value ...}.
 * On a terminal one line is redrawn in place (carriage return) a few times a second and ended when
 * the phase completes; elsewhere (a log file, a pipe, CI) plain lines are printed, about
 * {@code lines} per phase and always the last. Rate and time left are measured from the first
 * update of the phase, so a resumed run does not count the time before its interruption. Phases
 * may run side by side (e.g. references of several Reynolds numbers in parallel): each keeps its
 * own clock; the printer is thread-safe.
 */
public final class ProgressPrinter implements ProgressListener {
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final int lines;
    private final LongSupplier clock;

    /** When a phase started, at which count, and when a terminal last showed it. */
    private static final class Phase {
        final long startNanos;
        final long startDone;
        long lastDrawNanos = Long.MIN_VALUE;

        Phase(long startNanos, long startDone) {
            this.startNanos = startNanos;
            this.startDone = startDone;
        }
    }

    private final Map<String, Phase> phases = new HashMap<>();
    private int drawnLength;
    private boolean lineOpen;

    /**
     * @param out      where progress goes (standard error, so standard output keeps only results)
     * @param terminal whether {@code out} is a terminal (redraw in place) or not (plain lines)
     * @param lines    plain lines per phase when not on a terminal, at least 1
     * @param clock    nanosecond clock, {@link System#nanoTime} but in tests
     */
    public ProgressPrinter(PrintStream out, boolean terminal, int lines, LongSupplier clock) {
        if (lines < 1) {
            throw new IllegalArgumentException("lines per phase must be >= 1, got " + lines);
        }
        this.out = Objects.requireNonNull(out, "out");
        this.terminal = terminal;
        this.lines = lines;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A printer on standard error that redraws in place when this process has a console. */
    public static ProgressPrinter onStandardError(int lines) {
        return new ProgressPrinter(System.err, System.console() != null, lines, System::nanoTime);
    }

    @Override
    public synchronized void progress(String phase, long done, long total, Map<String, Double> values) {
        long now = clock.getAsLong();
        Phase p = phases.computeIfAbsent(phase, k -> new Phase(now, done));
        boolean last = done >= total;
        if (last) {
            phases.remove(phase); // a phase of the same name later starts afresh
        }
        if (terminal) {
            if (last || p.lastDrawNanos == Long.MIN_VALUE || now - p.lastDrawNanos >= REDRAW_NANOS) {
                String line = format(p, phase, done, total, values, now);
                out.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
                drawnLength = line.length();
                lineOpen = true;
                p.lastDrawNanos = now;
                if (last) {
                    endLine();
                } else {
                    out.flush();
                }
            }
        } else {
            long every = Math.max(1, total / lines);
            if (last || done % every == 0) {
                out.println(format(p, phase, done, total, values, now));
            }
        }
    }

    @Override
    public synchronized void note(String message) {
        endLine();
        out.println(message);
    }

    private static String format(Phase p, String phase, long done, long total, Map<String, Double> values, long now) {
        double elapsed = (now - p.startNanos) * 1e-9;
        long progressed = done - p.startDone;
        double rate = elapsed > 0 && progressed > 0 ? progressed / elapsed : Double.NaN;
        double left = Double.isNaN(rate) ? Double.NaN : (total - done) / rate;
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s %d/%d  %s/s  ETA %s", phase, done, total,
                Double.isNaN(rate) ? "?" : String.format(Locale.ROOT, "%.3g", rate), duration(left)));
        if (values != null) {
            for (Map.Entry<String, Double> e : values.entrySet()) {
                b.append(String.format(Locale.ROOT, "  %s %.6g", e.getKey(), e.getValue()));
            }
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

    private void endLine() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
            drawnLength = 0;
        }
    }
}
