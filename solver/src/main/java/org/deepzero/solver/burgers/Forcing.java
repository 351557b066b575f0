package org.deepzero.solver.burgers;

import java.util.SplittableRandom;
import org.deepzero.common.Seeds;

/**
 * A body force {@code f(x, y, t) = (f_u, f_v)} added to the right-hand side of Burgers.
 */
public interface Forcing {
    /** No force. */
    Forcing NONE = new Forcing() {
        @Override
        public void at(double x, double y, double t, double[] out) {
            out[0] = 0;
            out[1] = 0;
        }

        @Override
        public boolean steady() {
            return true;
        }
    };

    /**
     * @param x   position
     * @param y   position
     * @param t   time
     * @param out receives {@code {f_u, f_v}}
     */
    void at(double x, double y, double t, double[] out);

    /** @return true when the force does not depend on t (the solver then samples it once) */
    default boolean steady() {
        return false;
    }

    /**
     * The forcing of Solver-in-the-Loop's Burgers case: {@code terms} sinusoids
     * {@code A sin(k_x x + k_y y + φ)}, each on u or v, with amplitude A uniform in
     * {@code ±amplitude} and angular frequencies in {@code ±maxFrequency}; the frequencies are
     * multiples of {@code 2π / length} so that the force is periodic on the domain, and never both
     * zero: a uniform force would accelerate the mean flow without bound (nothing damps it on a
     * periodic domain). Steady.
     *
     * @param seed the forcing seed (a case parameter)
     */
    static Forcing sinusoids(long seed, int terms, double amplitude, double maxFrequency, double length) {
        SplittableRandom r = Seeds.forStep(Seeds.mix(seed, 0x464f524345L), 0);
        double k0 = 2 * Math.PI / length;
        int mMax = (int) Math.floor(maxFrequency / k0);
        if (mMax < 1) {
            throw new IllegalArgumentException("no periodic frequency up to " + maxFrequency + " on length " + length);
        }
        double[] a = new double[terms], kx = new double[terms], ky = new double[terms], phase = new double[terms];
        boolean[] onU = new boolean[terms];
        for (int i = 0; i < terms; i++) {
            a[i] = amplitude * (2 * r.nextDouble() - 1);
            int mx, my;
            do {
                mx = r.nextInt(2 * mMax + 1) - mMax;
                my = r.nextInt(2 * mMax + 1) - mMax;
            } while (mx == 0 && my == 0);
            kx[i] = k0 * mx;
            ky[i] = k0 * my;
            phase[i] = 2 * Math.PI * r.nextDouble();
            onU[i] = i % 2 == 0;
        }
        return new Forcing() {
            @Override
            public void at(double x, double y, double t, double[] out) {
                double fu = 0, fv = 0;
                for (int i = 0; i < a.length; i++) {
                    double s = a[i] * Math.sin(kx[i] * x + ky[i] * y + phase[i]);
                    if (onU[i]) {
                        fu += s;
                    } else {
                        fv += s;
                    }
                }
                out[0] = fu;
                out[1] = fv;
            }

            @Override
            public boolean steady() {
                return true;
            }
        };
    }
}
