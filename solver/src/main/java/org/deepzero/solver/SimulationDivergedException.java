package org.deepzero.solver;

/**
 * A simulation blew up: a NaN appeared or the CFL number far exceeded its limit. The message is
 * one line naming the step and a hint, e.g.
 * {@code step 412: CFL number 23.1 exceeds 10 (max |u| = 7.4); reduce [time] dt or raise [grid] nx, ny}.
 */
public class SimulationDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long step;

    /**
     * @param step   the step at which the blow-up was detected
     * @param reason what went wrong, without the step
     */
    public SimulationDivergedException(long step, String reason) {
        super("step " + step + ": " + reason + "; reduce [time] dt or raise [grid] nx, ny");
        this.step = step;
    }

    /** @return the step at which the blow-up was detected */
    public long step() {
        return step;
    }
}
