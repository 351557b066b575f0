package org.deepzero.solver.diag;

/**
 * The dominant frequency of a sampled signal, for Strouhal numbers: remove the mean, apply a Hann
 * window, evaluate the discrete-time Fourier transform on a frequency grid 8 times finer than the
 * DFT bins (what zero-padding to 8N would give), take the largest magnitude above the lowest bins,
 * and refine it by fitting a parabola to the log-magnitudes of the peak and its two neighbours.
 * Written here because the FFT of Hipparchus lives in a module (hipparchus-fft) this project does
 * not depend on, and signals of a few thousand samples need no FFT.
 */
public final class Spectrum {
    private Spectrum() {
    }

    /**
     * @param signal samples, at least 16
     * @param dt     sampling interval, positive
     * @return the frequency of the spectral peak, in 1 / time units of dt
     */
    public static double dominantFrequency(double[] signal, double dt) {
        int n = signal.length;
        if (n < 16) {
            throw new IllegalArgumentException("need at least 16 samples for a spectrum, got " + n);
        }
        if (!(dt > 0)) {
            throw new IllegalArgumentException("sampling interval must be positive, got " + dt);
        }
        double mean = 0;
        for (double s : signal) {
            mean += s / n;
        }
        int m = 8 * n;
        double[] x = new double[n];
        for (int k = 0; k < n; k++) {
            double hann = 0.5 - 0.5 * Math.cos(2 * Math.PI * k / (n - 1));
            x[k] = (signal[k] - mean) * hann;
        }
        double[] mag = new double[m / 2];
        for (int k = 0; k < mag.length; k++) {
            mag[k] = magnitude(x, 2 * Math.PI * k / m);
        }
        // skip the bins within the Hann main lobe of zero frequency (2 bins of the unpadded signal)
        int first = 2 * m / n + 1;
        int peak = first;
        for (int k = first; k < mag.length - 1; k++) {
            if (mag[k] > mag[peak]) {
                peak = k;
            }
        }
        double offset = 0;
        if (peak > 0 && peak < mag.length - 1 && mag[peak - 1] > 0 && mag[peak + 1] > 0) {
            double a = Math.log(mag[peak - 1]), b = Math.log(mag[peak]), c = Math.log(mag[peak + 1]);
            double den = a - 2 * b + c;
            offset = den == 0 ? 0 : 0.5 * (a - c) / den;
        }
        return (peak + offset) / (m * dt);
    }

    /** |sum x_t e^{-i w t}| by a rotating phasor (no trig per sample). */
    private static double magnitude(double[] x, double w) {
        double c = Math.cos(w), s = Math.sin(w);
        double re = 0, im = 0, pr = 1, pi = 0;
        for (double xt : x) {
            re += xt * pr;
            im -= xt * pi;
            double t = pr * c - pi * s;
            pi = pr * s + pi * c;
            pr = t;
        }
        return Math.hypot(re, im);
    }

    /**
     * Strouhal number {@code St = f D / U}.
     *
     * @param signal lift or probe samples
     * @param dt     sampling interval
     * @param length reference length D
     * @param speed  inflow speed U
     * @return St
     */
    public static double strouhal(double[] signal, double dt, double length, double speed) {
        return dominantFrequency(signal, dt) * length / speed;
    }
}
