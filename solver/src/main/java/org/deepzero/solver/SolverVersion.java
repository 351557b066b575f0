package org.deepzero.solver;

/** The version of the numerics, recorded in every output so results can be traced to code. */
public final class SolverVersion {
    /** Bump when a change alters the numbers a step produces. */
    public static final String VERSION = "deepzero-solver 0.1.0 (MAC, MacCormack/SL, MG-PCG)";

    private SolverVersion() {
    }
}
