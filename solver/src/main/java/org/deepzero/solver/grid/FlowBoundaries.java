package org.deepzero.solver.grid;

/**
 * The domain boundary conditions of an incompressible flow.
 *
 * @param stream      left/right ends
 * @param sides       top/bottom sides
 * @param inflowSpeed U, the uniform inflow speed for {@link StreamBoundary#INFLOW_OUTFLOW}; also the
 *                    velocity scale of diagnostics, so give it for periodic boxes too
 */
public record FlowBoundaries(StreamBoundary stream, SideBoundary sides, double inflowSpeed) {

    /** Checks the arguments. */
    public FlowBoundaries {
        if (stream == null || sides == null) {
            throw new IllegalArgumentException("boundary kinds must not be null");
        }
        if (!(inflowSpeed > 0) || Double.isInfinite(inflowSpeed)) {
            throw new IllegalArgumentException("inflow speed must be positive, got " + inflowSpeed);
        }
    }

    /** @return a wake channel: inflow left, outflow right, the given sides */
    public static FlowBoundaries wake(SideBoundary sides, double inflowSpeed) {
        return new FlowBoundaries(StreamBoundary.INFLOW_OUTFLOW, sides, inflowSpeed);
    }

    /** @return a doubly periodic box with velocity scale {@code speed} */
    public static FlowBoundaries periodicBox(double speed) {
        return new FlowBoundaries(StreamBoundary.PERIODIC, SideBoundary.PERIODIC, speed);
    }

    /** @return true when x is periodic */
    public boolean periodicX() {
        return stream == StreamBoundary.PERIODIC;
    }

    /** @return true when y is periodic */
    public boolean periodicY() {
        return sides == SideBoundary.PERIODIC;
    }
}
