package org.deepzero.zo.optim;

import java.util.List;

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and weight decay, with the
 * semantics of PyTorch's {@code torch.optim.SGD}:
 * <pre>
 *   g  = ∇ + λ θ                         (weight decay {@link WeightDecay#L2})
 *   b  = g at the first update, else μ b + (1 - τ) g          (momentum μ, dampening τ)
 *   g  = g + μ b (Nesterov) or b (heavy ball)
 *   θ  = θ - η_s g
 * </pre>
 * With {@link WeightDecay#DECOUPLED} the decay is applied as {@code θ <- θ (1 - η_s λ)} before the
 * step instead. Momentum: Polyak (1964); Nesterov form: Sutskever et al., ICML 2013.
 * Not thread-safe.
 */
public final class Sgd implements Optimizer {

    /** Name recorded in {@link OptimizerState}. */
    public static final String ALGORITHM = "sgd";

    private final ScheduleAndDecay rule;
    private final double momentum;
    private final double dampening;
    private final boolean nesterov;

    private double[] momentumBuffer;
    private long updates;

    private Sgd(Builder b) {
        this.rule = b.rule;
        this.momentum = b.momentum;
        this.dampening = b.dampening;
        this.nesterov = b.nesterov;
    }

    /** Starts a configuration with the given learning-rate schedule; defaults: plain SGD, no decay. */
    public static Builder builder(LearningRateSchedule schedule) {
        return new Builder(schedule);
    }

    @Override
    public void step(double[] theta, double[] gradient, int step) {
        ScheduleAndDecay.requireSameLength(theta, gradient);
        if (momentumBuffer != null && momentumBuffer.length != theta.length) {
            throw new IllegalArgumentException("parameter length " + theta.length
                    + " != momentum buffer length " + momentumBuffer.length);
        }
        double lr = rule.schedule().rate(step);
        boolean l2 = rule.l2();
        if (rule.decoupled()) {
            double shrink = rule.shrink(lr);
            for (int i = 0; i < theta.length; i++) {
                theta[i] *= shrink;
            }
        }
        double lambda = rule.weightDecay();
        boolean first = momentumBuffer == null;
        if (momentum != 0 && first) {
            momentumBuffer = new double[theta.length];
        }
        for (int i = 0; i < theta.length; i++) {
            double g = l2 ? gradient[i] + lambda * theta[i] : gradient[i];
            if (momentum != 0) {
                // PyTorch starts the buffer at the first gradient, undamped
                double b = first ? g : momentum * momentumBuffer[i] + (1 - dampening) * g;
                momentumBuffer[i] = b;
                g = nesterov ? g + momentum * b : b;
            }
            theta[i] += -lr * g;
        }
        updates++;
    }

    @Override
    public double learningRate(int step) {
        return rule.schedule().rate(step);
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState(ALGORITHM, updates, momentumBuffer == null ? List.of() : List.of(momentumBuffer));
    }

    @Override
    public void restore(OptimizerState state) {
        state.requireAlgorithm(ALGORITHM);
        if (state.bufferCount() > 1) {
            throw new IllegalArgumentException("SGD state has at most one buffer, got " + state.bufferCount());
        }
        if (state.bufferCount() == 1 && momentum == 0) {
            throw new IllegalArgumentException("SGD state has a momentum buffer but this optimizer has no momentum");
        }
        this.momentumBuffer = state.bufferCount() == 0 ? null : state.buffers().get(0);
        this.updates = state.updates();
    }

    @Override
    public String toString() {
        return "Sgd[schedule=" + rule.schedule() + ", momentum=" + momentum + ", dampening=" + dampening
                + ", nesterov=" + nesterov + ", weightDecay=" + rule.weightDecay() + " (" + rule.mode() + ")]";
    }

    /** Configuration of an {@link Sgd}. */
    public static final class Builder {
        private ScheduleAndDecay rule;
        private double momentum;
        private double dampening;
        private boolean nesterov;

        private Builder(LearningRateSchedule schedule) {
            this.rule = ScheduleAndDecay.of(schedule);
        }

        /** Momentum μ in [0, 1); default 0. */
        public Builder momentum(double momentum) {
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
            }
            this.momentum = momentum;
            return this;
        }

        /** Dampening τ in [0, 1]; default 0. */
        public Builder dampening(double dampening) {
            if (!(dampening >= 0 && dampening <= 1)) {
                throw new IllegalArgumentException("dampening must be in [0, 1], got " + dampening);
            }
            this.dampening = dampening;
            return this;
        }

        /** Nesterov momentum; needs momentum > 0 and zero dampening (as in PyTorch). */
        public Builder nesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        /** Weight decay λ >= 0 and how it is applied; default 0. */
        public Builder weightDecay(double lambda, WeightDecay mode) {
            this.rule = new ScheduleAndDecay(rule.schedule(), lambda, mode);
            return this;
        }

        public Sgd build() {
            if (nesterov && (momentum == 0 || dampening != 0)) {
                throw new IllegalArgumentException("Nesterov momentum needs momentum > 0 and zero dampening, got momentum "
                        + momentum + ", dampening " + dampening);
            }
            return new Sgd(this);
        }
    }
}
