package org.deepzero.zo.optim;

/**
 * Learning rate as a function of the 0-based step index. A pure function of the step, so that a
 * resumed run sees the same rates as an uninterrupted one. The implementations are records, so
 * their {@code toString} describes them fully (useful in a configuration hash).
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /** Learning rate at 0-based step {@code step >= 0}. */
    double rate(int step);

    /** The same rate at every step. */
    static LearningRateSchedule constant(double rate) {
        return new Constant(rate);
    }

    /**
     * Cosine annealing without restarts (Loshchilov and Hutter, "SGDR", ICLR 2017; PyTorch's
     * {@code CosineAnnealingLR}): {@code η_s = η_min + (η_max - η_min)(1 + cos(π s / T)) / 2} for
     * {@code s <= T}, and {@code η_min} after.
     *
     * @param base     η_max, the rate at step 0
     * @param minimum  η_min, the rate at step {@code T} and after
     * @param steps    T, the length of the half cosine period, at least 1
     */
    static LearningRateSchedule cosine(double base, double minimum, int steps) {
        return new Cosine(base, minimum, steps);
    }

    /**
     * Step decay (PyTorch's {@code StepLR}): {@code η_s = η_0 γ^floor(s / stepSize)}.
     *
     * @param base     η_0
     * @param stepSize number of steps between decays, at least 1
     * @param gamma    multiplicative factor per decay, in (0, 1]
     */
    static LearningRateSchedule step(double base, int stepSize, double gamma) {
        return new StepDecay(base, stepSize, gamma);
    }

    /**
     * Prepends a linear warm-up of {@code warmupSteps} steps (Goyal et al., "Accurate, Large Minibatch
     * SGD", 2017): {@code η_s = η'_0 (s + 1) / (W + 1)} for {@code s < W}, then {@code η'_{s - W}},
     * where η' is this schedule. The ramp never uses a zero rate and reaches η'_0 at step W, where this
     * schedule starts; so a cosine over T steps after W warm-up steps spans W + T steps in all.
     *
     * @param warmupSteps W, at least 0 (0 returns this schedule)
     */
    default LearningRateSchedule withWarmup(int warmupSteps) {
        if (warmupSteps == 0) {
            return this;
        }
        return new Warmup(warmupSteps, this);
    }

    private static void checkStep(int step) {
        if (step < 0) {
            throw new IllegalArgumentException("negative step index " + step);
        }
    }

    private static void checkRate(String what, double rate) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException(what + " must be finite and >= 0, got " + rate);
        }
    }

    /** See {@link #constant}. */
    record Constant(double value) implements LearningRateSchedule {
        public Constant {
            checkRate("learning rate", value);
        }

        @Override
        public double rate(int step) {
            checkStep(step);
            return value;
        }
    }

    /** See {@link #cosine}. */
    record Cosine(double base, double minimum, int steps) implements LearningRateSchedule {
        public Cosine {
            checkRate("base learning rate", base);
            checkRate("minimum learning rate", minimum);
            if (steps < 1) {
                throw new IllegalArgumentException("cosine period must be >= 1 step, got " + steps);
            }
        }

        @Override
        public double rate(int step) {
            checkStep(step);
            if (step >= steps) {
                return minimum;
            }
            return minimum + (base - minimum) * 0.5 * (1 + Math.cos(Math.PI * step / steps));
        }
    }

    /** See {@link #step}. */
    record StepDecay(double base, int stepSize, double gamma) implements LearningRateSchedule {
        public StepDecay {
            checkRate("base learning rate", base);
            if (stepSize < 1) {
                throw new IllegalArgumentException("step size must be >= 1, got " + stepSize);
            }
            if (!(gamma > 0 && gamma <= 1)) {
                throw new IllegalArgumentException("decay factor gamma must be in (0, 1], got " + gamma);
            }
        }

        @Override
        public double rate(int step) {
            checkStep(step);
            return base * Math.pow(gamma, step / stepSize);
        }
    }

    /** See {@link #withWarmup}. */
    record Warmup(int warmupSteps, LearningRateSchedule after) implements LearningRateSchedule {
        public Warmup {
            if (warmupSteps < 0) {
                throw new IllegalArgumentException("negative warm-up length " + warmupSteps);
            }
            java.util.Objects.requireNonNull(after, "after");
        }

        @Override
        public double rate(int step) {
            checkStep(step);
            if (step < warmupSteps) {
                return after.rate(0) * (step + 1) / (warmupSteps + 1);
            }
            return after.rate(step - warmupSteps);
        }
    }
}
