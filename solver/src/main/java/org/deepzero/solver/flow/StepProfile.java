package org.deepzero.solver.flow;

/** Receives the cost of each stage of a step, for benchmarks; see {@link IncompressibleFlow#step(FlowState, StepProfile)}. */
@FunctionalInterface
public interface StepProfile {
    /** Measures nothing. */
    StepProfile NONE = (stage, cpuNanos, wallNanos) -> { };

    /**
     * @param stage     "advect" (with the pressure half-kicks), "diffuse", "boundaries" or "project"
     * @param cpuNanos  CPU time of the calling thread spent in the stage (0 if unsupported)
     * @param wallNanos wall time spent in the stage
     */
    void stage(String stage, long cpuNanos, long wallNanos);
}
