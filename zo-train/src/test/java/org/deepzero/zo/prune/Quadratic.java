package org.deepzero.zo.prune;

import java.util.SplittableRandom;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.param.ParameterSpace;

/** f(θ) = ½ θᵀ A θ with a random symmetric positive definite A; ∇f = Aθ and Hg = A g exactly. */
final class Quadratic implements Objective {
    final double[][] a;
    private final ParameterSpace space;

    Quadratic(ParameterSpace space, long seed) {
        this.space = space;
        int n = space.dimension();
        SplittableRandom r = new SplittableRandom(seed);
        double[][] b = new double[n][n];
        for (double[] row : b) {
            for (int j = 0; j < n; j++) {
                row[j] = r.nextGaussian() / Math.sqrt(n);
            }
        }
        a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += b[i][k] * b[j][k];
                }
                a[i][j] = s + (i == j ? 0.1 + 2.0 * r.nextDouble() : 0);
            }
        }
    }

    double[] times(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double s = 0;
            for (int j = 0; j < x.length; j++) {
                s += a[i][j] * x[j];
            }
            y[i] = s;
        }
        return y;
    }

    @Override
    public ParameterSpace space() {
        return space;
    }

    @Override
    public double value(double[] theta) {
        double[] at = times(theta);
        double f = 0;
        for (int i = 0; i < theta.length; i++) {
            f += 0.5 * theta[i] * at[i];
        }
        return f;
    }
}
