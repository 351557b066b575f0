package org.deepzero.common;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Receives the progress of long work (a simulation, reference generation, training, evaluation),
 * in the thread that does it. The one progress interface of the project: the command line prints
 * it ({@link ProgressPrinter}), tests and benchmarks may listen or ignore it ({@link #NONE}).
 * Listeners report; they must not throw or change the work.
 */
@FunctionalInterface
public interface ProgressListener {

    /** Ignores progress. */
    ProgressListener NONE = (phase, done, total, values) -> { };

    /**
     * @param phase  what is running, e.g. {@code "reference Re 100 frames"} or {@code "train sol-zo"}
     * @param done   units done in this phase (steps, rollouts)
     * @param total  units in this phase
     * @param values a few numbers of the latest state worth showing (loss, kinetic energy), by name;
     *               may be empty
     */
    void progress(String phase, long done, long total, Map<String, Double> values);

    /** A one-off message between progress updates, e.g. where a report was written. */
    default void note(String message) {
    }

    /** This listener with {@code prefix} and a space put before every phase and note. */
    default ProgressListener prefixed(String prefix) {
        ProgressListener self = this;
        return new ProgressListener() {
            @Override
            public void progress(String phase, long done, long total, Map<String, Double> values) {
                self.progress(prefix + " " + phase, done, total, values);
            }

            @Override
            public void note(String message) {
                self.note(prefix + " " + message);
            }
        };
    }

    /** This listener, passed only the values named (in that order), e.g. to keep progress lines short. */
    default ProgressListener showing(String... names) {
        ProgressListener self = this;
        return new ProgressListener() {
            @Override
            public void progress(String phase, long done, long total, Map<String, Double> values) {
                Map<String, Double> kept = new LinkedHashMap<>();
                for (String n : names) {
                    Double v = values == null ? null : values.get(n);
                    if (v != null) {
                        kept.put(n, v);
                    }
                }
                self.progress(phase, done, total, kept);
            }

            @Override
            public void note(String message) {
                self.note(message);
            }
        };
    }
}
