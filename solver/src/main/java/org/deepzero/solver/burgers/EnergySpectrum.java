package org.deepzero.solver.burgers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kinetic energy spectrum of a periodic {@code n x n} velocity field: {@code E(k)}, the energy of
 * the Fourier modes whose wavenumber magnitude rounds to shell k (in units of 2π / length),
 * normalised so that the shells sum to the mean of |u|²/2 (Parseval). Computed by a separable
 * discrete Fourier transform (O(n³)): for the fields of a coarse Burgers grid no FFT is needed.
 */
public final class EnergySpectrum {
    private final int n;
    private final double[] cos;
    private final double[] sin;

    /** @param n cells per side */
    public EnergySpectrum(int n) {
        this.n = n;
        cos = new double[n * n];
        sin = new double[n * n];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < n; i++) {
                double a = 2 * Math.PI * ((long) k * i % n) / n;
                cos[k * n + i] = Math.cos(a);
                sin[k * n + i] = Math.sin(a);
            }
        }
    }

    /** @return the highest shell, {@code round(sqrt(2) n / 2)} */
    public int maxShell() {
        return (int) Math.round(Math.sqrt(2) * (n / 2));
    }

    /**
     * @param u x-velocity, {@code n x n} row-major (row = y)
     * @param v y-velocity, same layout
     * @return {@code E[k]} for shells 0 to {@link #maxShell()}; shell 0 is the mean flow
     */
    public double[] shells(double[] u, double[] v) {
        double[] e = new double[maxShell() + 1];
        add(e, u);
        add(e, v);
        return e;
    }

    private void add(double[] e, double[] f) {
        double[] rre = new double[n * n], rim = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int kx = 0; kx < n; kx++) {
                double re = 0, im = 0;
                for (int i = 0; i < n; i++) {
                    re += f[j * n + i] * cos[kx * n + i];
                    im -= f[j * n + i] * sin[kx * n + i];
                }
                rre[j * n + kx] = re;
                rim[j * n + kx] = im;
            }
        }
        double norm = 0.5 / ((double) n * n * n * n);
        for (int ky = 0; ky < n; ky++) {
            int wy = ky <= n / 2 ? ky : ky - n;
            for (int kx = 0; kx < n; kx++) {
                double re = 0, im = 0;
                for (int j = 0; j < n; j++) {
                    double c = cos[ky * n + j], s = sin[ky * n + j];
                    re += rre[j * n + kx] * c + rim[j * n + kx] * s;
                    im += rim[j * n + kx] * c - rre[j * n + kx] * s;
                }
                int wx = kx <= n / 2 ? kx : kx - n;
                int shell = (int) Math.round(Math.sqrt((double) wx * wx + (double) wy * wy));
                e[Math.min(shell, e.length - 1)] += norm * (re * re + im * im);
            }
        }
    }

    /**
     * Sums shells into octave bands: {@code E(k=1)}, {@code E(k=2-3)}, {@code E(k=4-7)}, ... up to
     * {@code E(k>=n/2)} (the shells at and beyond the grid's Nyquist wavenumber).
     *
     * @param shells {@link #shells} (or their mean over time)
     * @return band name to energy, in order of wavenumber
     */
    public Map<String, Double> bands(double[] shells) {
        Map<String, Double> out = new LinkedHashMap<>();
        int nyquist = n / 2;
        for (int lo = 1; lo < nyquist; lo *= 2) {
            int hi = Math.min(2 * lo - 1, nyquist - 1);
            double s = 0;
            for (int k = lo; k <= hi; k++) {
                s += shells[k];
            }
            out.put(lo == hi ? "E(k=" + lo + ")" : "E(k=" + lo + "-" + hi + ")", s);
        }
        double s = 0;
        for (int k = nyquist; k < shells.length; k++) {
            s += shells[k];
        }
        out.put("E(k>=" + nyquist + ")", s);
        return out;
    }
}
