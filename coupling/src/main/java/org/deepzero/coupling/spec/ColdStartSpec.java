package org.deepzero.coupling.spec;

/**
 * How a zeroth-order run spends its first steps when it starts with zero layers (the {@code -cold}
 * methods: the corrector's output layer starts at zero, so the untrained corrector is SRC). Immutable.
 *
 * @param readoutSteps steps at the start that query only the zero layers (at least 0); their coordinates
 *                     are the only ones whose finite differences are not exactly zero there. ZO-GraSP
 *                     layer ratios are computed after them, at the parameters they reached
 * @param learningRate peak learning rate (cosine decay) of a cold run, positive: the output weights
 *                     must grow from 0 to O(0.1), while a warm run only fine-tunes
 */
public record ColdStartSpec(int readoutSteps, double learningRate) {
    /** Share of a run's steps the readout phase takes by default. */
    public static final double DEFAULT_READOUT_SHARE = 0.1;
    /** Default {@code cold_learning_rate}. */
    public static final double DEFAULT_LEARNING_RATE = 3e-2;

    /** Default {@code cold_readout_steps} of a run of {@code steps} steps. */
    public static int defaultReadoutSteps(int steps) {
        return (int) Math.round(DEFAULT_READOUT_SHARE * steps);
    }

    public ColdStartSpec {
        if (readoutSteps < 0) {
            throw new IllegalArgumentException("readout steps must be >= 0, got " + readoutSteps);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("cold learning rate must be positive and finite, got " + learningRate);
        }
    }
}
