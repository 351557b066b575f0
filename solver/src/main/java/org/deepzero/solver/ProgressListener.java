package org.deepzero.solver;

import java.util.Map;

/** Receives progress of a simulation or reference run; the CLI prints a line from it. */
@FunctionalInterface
public interface ProgressListener {
    /** Ignores progress. */
    ProgressListener NONE = (stage, done, total, diagnostics) -> { };

    /**
     * @param stage       what is running ("simulate", "warm-up", "frames")
     * @param done        steps done in this stage
     * @param total       steps in this stage
     * @param diagnostics the PDE's diagnostics of the latest state
     */
    void progress(String stage, long done, long total, Map<String, Double> diagnostics);
}
