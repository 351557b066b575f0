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
    /** Samples a spectrum needs ({@link Spectrum#dominantFrequency}). */
    public static final int MIN_SAMPLES = 16;

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
        for (int k = 0; k < n; k++) {
            s = flow.step(s);
            lift[k] = flow.liftCoefficient(s);
            probe[k] = flow.probeV(s);
        }
        return of(lift, probe, dt, d, u);
    }

    /**
     * The shedding of recorded signals ({@link #measure}'s own, and a test rollout's in the coupling report).
     *
     * @param lift   lift coefficient per sample
     * @param probeV the probe's v per sample, as many
     * @param dt     sampling interval
     * @param length reference length D
     * @param speed  inflow speed U
     * @return the shedding; the Strouhal numbers are NaN below the 16 samples a spectrum needs
     */
    public static Shedding of(double[] lift, double[] probeV, double dt, double length, double speed) {
        if (lift.length != probeV.length || lift.length == 0) {
            throw new IllegalArgumentException("need equally long, non-empty signals, got " + lift.length + " and "
                    + probeV.length);
        }
        double max = Double.NEGATIVE_INFINITY, min = Double.POSITIVE_INFINITY;
        for (double l : lift) {
            max = Math.max(max, l);
            min = Math.min(min, l);
        }
        boolean enough = lift.length >= MIN_SAMPLES;
        return new Shedding(enough ? Spectrum.strouhal(lift, dt, length, speed) : Double.NaN,
                enough ? Spectrum.strouhal(probeV, dt, length, speed) : Double.NaN, (max - min) / 2);
    }
}
