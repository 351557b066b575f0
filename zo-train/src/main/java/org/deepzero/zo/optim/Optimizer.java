package org.deepzero.zo.optim;

/**
 * A first-order update rule applied to (estimated) gradients: {@code theta <- update(theta, gradient)}.
 * <p>
 * Optimizers hold per-coordinate state (momentum buffers, moment estimates); {@link #state()} and
 * {@link #restore(OptimizerState)} let a checkpoint capture and replay it exactly, so that a resumed
 * run continues bit for bit. The learning rate of step {@code s} comes from a
 * {@link LearningRateSchedule}, so it depends on the step index only.
 */
public interface Optimizer {

    /**
     * Applies one update in place.
     *
     * @param theta    parameters, updated in place
     * @param gradient gradient (or its estimate) at {@code theta}, same length, not modified
     * @param step     0-based index of this step, used for the learning rate
     * @throws IllegalArgumentException if the lengths differ or do not match the state
     */
    void step(double[] theta, double[] gradient, int step);

    /** Learning rate used by {@link #step} at step index {@code step}. */
    double learningRate(int step);

    /** A deep copy of the current state, for a checkpoint. */
    OptimizerState state();

    /**
     * Replaces the current state by a copy of {@code state}.
     *
     * @throws IllegalArgumentException if {@code state} was written by another algorithm or has
     *                                  buffers of the wrong shape
     */
    void restore(OptimizerState state);
}
