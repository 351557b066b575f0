package org.deepzero.solver.flow;

import org.deepzero.solver.diag.Spectrum;

/**
 * The vortex shedding of a wake flow, measured as the Strouhal tests do: run past the transient,
 * then record the lift coefficient and the cross-stream velocity at the probe
 * ({@link WakeFlow#probePosition()}) every step, and take the spectral peak of each
 * ({@link Spectrum#strouhal}). One measurement for every obstacle (cylinder, square, tandem), so a
 * new mesh is checked against published values the same way as the circle.
 *
 * @param stLift        Strouhal number {@code f D / U} of the lift coefficient
 * @param stProbe       Strouhal number of the probe's v
 * @param liftAmplitude half the peak-to-peak lift coefficient over the record
 */
public record Shedding(double stLift, double stProbe, double liftAmplitude) {

    /**
     * Runs {@code flow} from its initial state.
     *
     * @param flow   the wake flow
     * @param warmup time skipped before recording, in units of {@code D / U}
     * @param record time recorded, in units of {@code D / U}; at least 16 steps
     * @return the measured shedding
     */
    public static Shedding measure(WakeFlow flow, double warmup, double record) {
        WakeSpec spec = flow.spec();
        double d = spec.mesh().referenceLength(), u = spec.inflowSpeed(), dt = spec.dt();
        int skip = (int) Math.round(warmup * d / u / dt), n = (int) Math.round(record * d / u / dt);
        FlowState s = flow.initialState();
        for (int k = 0; k < skip; k++) {
            s = flow.step(s);
        }
        double[] lift = new double[n];
        double[] probe = new double[n];
        double max = Double.NEGATIVE_INFINITY, min = Double.POSITIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            s = flow.step(s);
            lift[k] = flow.liftCoefficient(s);
            probe[k] = flow.probeV(s);
            max = Math.max(max, lift[k]);
            min = Math.min(min, lift[k]);
        }
        return new Shedding(Spectrum.strouhal(lift, dt, d, u), Spectrum.strouhal(probe, dt, d, u), (max - min) / 2);
    }
}
