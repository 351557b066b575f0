package org.deepzero.zo.optim;

import java.util.Objects;

/**
 * What {@link Sgd} and {@link Adam} share of their configuration: the learning-rate schedule and the
 * weight decay λ with the way it enters the update.
 *
 * @param schedule    learning rate per step index
 * @param weightDecay λ, finite and >= 0; 0 for none
 * @param mode        how λ enters the update
 */
record ScheduleAndDecay(LearningRateSchedule schedule, double weightDecay, WeightDecay mode) {

    ScheduleAndDecay {
        Objects.requireNonNull(schedule, "schedule");
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be finite and >= 0, got " + weightDecay);
        }
        Objects.requireNonNull(mode, "mode");
    }

    /** No weight decay. */
    static ScheduleAndDecay of(LearningRateSchedule schedule) {
        return new ScheduleAndDecay(schedule, 0, WeightDecay.L2);
    }

    /** @return whether λ θ is added to the gradient ({@link WeightDecay#L2} with λ > 0) */
    boolean l2() {
        return weightDecay != 0 && mode == WeightDecay.L2;
    }

    /** @return whether θ shrinks before the step ({@link WeightDecay#DECOUPLED} with λ > 0) */
    boolean decoupled() {
        return weightDecay != 0 && mode == WeightDecay.DECOUPLED;
    }

    /** @return the factor 1 - η λ that decoupled decay multiplies θ by at learning rate η; 1 without it */
    double shrink(double learningRate) {
        return decoupled() ? 1 - learningRate * weightDecay : 1;
    }

    /** @throws IllegalArgumentException if θ and the gradient differ in length */
    static void requireSameLength(double[] theta, double[] gradient) {
        if (theta.length != gradient.length) {
            throw new IllegalArgumentException("parameter length " + theta.length + " != gradient length "
                    + gradient.length);
        }
    }
}
