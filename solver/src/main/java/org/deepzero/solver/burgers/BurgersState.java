package org.deepzero.solver.burgers;

/**
 * A velocity field of 2D Burgers on a periodic {@code n x n} grid of cell centres. Immutable: the
 * arrays are copied in and out.
 *
 * @param n    cells per side
 * @param u    x-velocity, {@code [j * n + i]}
 * @param v    y-velocity, same layout
 * @param time simulated time
 * @param step steps taken
 */
public record BurgersState(int n, double[] u, double[] v, double time, long step) {
    /** Copies the fields and checks their sizes. */
    public BurgersState {
        if (n < 4 || u.length != n * n || v.length != n * n) {
            throw new IllegalArgumentException("need n >= 4 and n*n values per field, got n=" + n + ", "
                    + u.length + " and " + v.length);
        }
        u = u.clone();
        v = v.clone();
    }

    @Override
    public double[] u() {
        return u.clone();
    }

    @Override
    public double[] v() {
        return v.clone();
    }

    /** @return u then v, {@code 2 x n x n} */
    public double[] toChannels() {
        double[] c = new double[2 * n * n];
        System.arraycopy(u, 0, c, 0, n * n);
        System.arraycopy(v, 0, c, n * n, n * n);
        return c;
    }

    /** @return the state plus an increment in the layout of {@link #toChannels()} */
    public BurgersState withCorrection(double[] delta) {
        if (delta.length != 2 * n * n) {
            throw new IllegalArgumentException("correction of " + delta.length + " values, expected " + 2 * n * n);
        }
        double[] uu = u.clone(), vv = v.clone();
        for (int k = 0; k < n * n; k++) {
            uu[k] += delta[k];
            vv[k] += delta[n * n + k];
        }
        return new BurgersState(n, uu, vv, time, step);
    }

    /** @return the mean of {@code (u^2 + v^2) / 2} over the grid */
    public double kineticEnergy() {
        double e = 0;
        for (int k = 0; k < u.length; k++) {
            e += 0.5 * (u[k] * u[k] + v[k] * v[k]);
        }
        return e / u.length;
    }
}
