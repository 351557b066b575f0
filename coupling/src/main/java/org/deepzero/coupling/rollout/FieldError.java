package org.deepzero.coupling.rollout;

import org.deepzero.coupling.corrector.Corrector;
import org.deepzero.solver.flow.FlowState;

/** Velocity errors between a state and its reference over the faces that carry flow. */
public final class FieldError {
    private final boolean[] open;
    private final int openCount;

    public FieldError(Corrector corrector) {
        this.open = new boolean[corrector.channelLength()];
        int n = 0;
        for (int i = 0; i < open.length; i++) {
            open[i] = corrector.isOpen(i);
            n += open[i] ? 1 : 0;
        }
        this.openCount = n;
    }

    /** Mean absolute error of u and v over open faces. */
    public double meanAbsolute(FlowState state, FlowState reference) {
        double[] a = state.toChannels();
        double[] b = reference.toChannels();
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            if (open[i]) {
                sum += Math.abs(a[i] - b[i]);
            }
        }
        return sum / openCount;
    }

    /** Mean squared error of u and v over open faces. */
    public double meanSquared(FlowState state, FlowState reference) {
        double[] a = state.toChannels();
        double[] b = reference.toChannels();
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            if (open[i]) {
                double d = a[i] - b[i];
                sum += d * d;
            }
        }
        return sum / openCount;
    }
}
