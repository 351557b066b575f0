package org.deepzero.coupling.rollout;

import org.deepzero.coupling.corrector.Corrector;

/**
 * The error metric of coupling: errors between a state and its reference over the open entries of
 * the PDE's channel layout (for the wake flow: u and v on the faces that carry flow).
 *
 * @param <S> the PDE's state type
 */
public final class FieldError<S> {
    private final Corrector<S> corrector;
    private final boolean[] open;
    private final int openCount;

    public FieldError(Corrector<S> corrector) {
        this.corrector = corrector;
        this.open = new boolean[corrector.channelLength()];
        int n = 0;
        for (int i = 0; i < open.length; i++) {
            open[i] = corrector.isOpen(i);
            n += open[i] ? 1 : 0;
        }
        this.openCount = n;
    }

    /** Mean absolute error over open entries. */
    public double meanAbsolute(S state, S reference) {
        double[] a = corrector.channelsOf(state);
        double[] b = corrector.channelsOf(reference);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            if (open[i]) {
                sum += Math.abs(a[i] - b[i]);
            }
        }
        return sum / openCount;
    }

    /** Mean squared error over open entries. */
    public double meanSquared(S state, S reference) {
        double[] a = corrector.channelsOf(state);
        double[] b = corrector.channelsOf(reference);
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
