package org.deepzero.zo.train;

import org.deepzero.common.Seeds;
import java.util.SplittableRandom;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.param.ParameterSpace;

/**
 * Test objective: f_s(θ) = ½ Σ a_i (θ_i - c_i - ε_{s,i})², a quadratic whose centre is jittered per
 * mini-batch s (the jitter plays the role of data sampled from the seed).
 */
final class NoisyQuadratic implements Objective {

    static final ParameterSpace SPACE = ParameterSpace.builder()
            .add("l1.weight", "l1", 0, 2, 3).add("l1.bias", "l1", 0, 2).add("l2.weight", "l2", 1, 4).build();

    private final double[] a;
    private final double[] centre;

    NoisyQuadratic(long dataSeed, int batch) {
        int n = SPACE.dimension();
        a = new double[n];
        centre = new double[n];
        SplittableRandom jitter = new SplittableRandom(Seeds.mix(dataSeed, batch));
        for (int i = 0; i < n; i++) {
            a[i] = 0.5 + 0.25 * i;
            centre[i] = 1.0 - 0.2 * i + 0.05 * jitter.nextGaussian();
        }
    }

    @Override
    public ParameterSpace space() {
        return SPACE;
    }

    @Override
    public double value(double[] theta) {
        double f = 0;
        for (int i = 0; i < theta.length; i++) {
            double d = theta[i] - centre[i];
            f += 0.5 * a[i] * d * d;
        }
        return f;
    }
}
