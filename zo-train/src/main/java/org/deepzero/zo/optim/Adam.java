package org.deepzero.zo.optim;

import java.util.List;

/**
 * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015), computed as PyTorch's
 * {@code torch.optim.Adam} does (without AMSGrad):
 * <pre>
 *   t = t + 1
 *   m = β1 m + (1 - β1) g,     v = β2 v + (1 - β2) g²
 *   θ = θ - (η_s / (1 - β1^t)) m / (sqrt(v) / sqrt(1 - β2^t) + ε)
 * </pre>
 * Weight decay: {@link WeightDecay#L2} adds {@code λ θ} to g (Adam); {@link WeightDecay#DECOUPLED}
 * shrinks {@code θ <- θ (1 - η_s λ)} first (AdamW, Loshchilov and Hutter, ICLR 2019).
 * Not thread-safe.
 */
public final class Adam implements Optimizer {

    /** Name recorded in {@link OptimizerState}. */
    public static final String ALGORITHM = "adam";

    private final ScheduleAndDecay rule;
    private final double beta1;
    private final double beta2;
    private final double epsilon;

    private double[] m;
    private double[] v;
    private long t;

    private Adam(Builder b) {
        this.rule = b.rule;
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.epsilon = b.epsilon;
    }

    /** Starts a configuration; defaults β1 = 0.9, β2 = 0.999, ε = 1e-8, no weight decay. */
    public static Builder builder(LearningRateSchedule schedule) {
        return new Builder(schedule);
    }

    @Override
    public void step(double[] theta, double[] gradient, int step) {
        ScheduleAndDecay.requireSameLength(theta, gradient);
        if (m == null) {
            m = new double[theta.length];
            v = new double[theta.length];
        } else if (m.length != theta.length) {
            throw new IllegalArgumentException("parameter length " + theta.length + " != moment length " + m.length);
        }
        double lr = rule.schedule().rate(step);
        t++;
        double bias1 = 1 - Math.pow(beta1, t);
        double sqrtBias2 = Math.sqrt(1 - Math.pow(beta2, t));
        double stepSize = lr / bias1;
        boolean l2 = rule.l2();
        double shrink = rule.shrink(lr);
        double lambda = rule.weightDecay();
        for (int i = 0; i < theta.length; i++) {
            theta[i] *= shrink;
            double g = l2 ? gradient[i] + lambda * theta[i] : gradient[i];
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            theta[i] -= stepSize * m[i] / (Math.sqrt(v[i]) / sqrtBias2 + epsilon);
        }
    }

    @Override
    public double learningRate(int step) {
        return rule.schedule().rate(step);
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState(ALGORITHM, t, m == null ? List.of() : List.of(m, v));
    }

    @Override
    public void restore(OptimizerState state) {
        state.requireAlgorithm(ALGORITHM);
        if (state.bufferCount() != 0 && state.bufferCount() != 2) {
            throw new IllegalArgumentException("Adam state has 0 or 2 buffers, got " + state.bufferCount());
        }
        if (state.bufferCount() == 2 && state.bufferLength(0) != state.bufferLength(1)) {
            throw new IllegalArgumentException("Adam moment buffers differ in length: " + state.bufferLength(0)
                    + " and " + state.bufferLength(1));
        }
        List<double[]> b = state.buffers();
        this.m = b.isEmpty() ? null : b.get(0);
        this.v = b.isEmpty() ? null : b.get(1);
        this.t = state.updates();
    }

    @Override
    public String toString() {
        return "Adam[schedule=" + rule.schedule() + ", beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon
                + ", weightDecay=" + rule.weightDecay() + " (" + rule.mode() + ")]";
    }

    /** Configuration of an {@link Adam}. */
    public static final class Builder {
        private ScheduleAndDecay rule;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-8;

        private Builder(LearningRateSchedule schedule) {
            this.rule = ScheduleAndDecay.of(schedule);
        }

        /** Decay rates β1, β2 of the moment estimates, each in [0, 1). */
        public Builder betas(double beta1, double beta2) {
            if (!(beta1 >= 0 && beta1 < 1)) {
                throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
            }
            if (!(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
            }
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /** ε > 0 added to the denominator. */
        public Builder epsilon(double epsilon) {
            if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
                throw new IllegalArgumentException("epsilon must be finite and > 0, got " + epsilon);
            }
            this.epsilon = epsilon;
            return this;
        }

        /** Weight decay λ >= 0 and how it is applied; default 0. */
        public Builder weightDecay(double lambda, WeightDecay mode) {
            this.rule = new ScheduleAndDecay(rule.schedule(), lambda, mode);
            return this;
        }

        public Adam build() {
            return new Adam(this);
        }
    }
}
