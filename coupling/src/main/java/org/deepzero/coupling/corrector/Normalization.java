package org.deepzero.coupling.corrector;

/**
 * Scales that put the corrector's inputs and outputs at unit size, from statistics of the training
 * data, so that one finite-difference step and one learning rate suit every case.
 *
 * @param velocityScale   u and v are divided by this (the inflow speed)
 * @param reynoldsMean    the Reynolds channel is {@code (Re - mean) / scale}
 * @param reynoldsScale   spread of the training Reynolds numbers (1 when there is one)
 * @param correctionScale the network output is multiplied by this: the standard deviation of the
 *                        one-step correction target {@code u_ref(k+1) - S(u_ref(k))} over open faces
 */
public record Normalization(double velocityScale, double reynoldsMean, double reynoldsScale, double correctionScale) {
    public Normalization {
        if (!(velocityScale > 0) || !(reynoldsScale > 0) || !(correctionScale > 0)) {
            throw new IllegalArgumentException("scales must be positive: velocity " + velocityScale
                    + ", reynolds " + reynoldsScale + ", correction " + correctionScale);
        }
    }

    /** The Reynolds-number channel's value. */
    public double reynoldsFeature(double re) {
        return (re - reynoldsMean) / reynoldsScale;
    }

    /** Mean and (population) standard deviation of the training Reynolds numbers, 1 when all equal. */
    public static double[] reynoldsStatistics(double[] reynolds) {
        double mean = 0;
        for (double r : reynolds) {
            mean += r / reynolds.length;
        }
        double var = 0;
        for (double r : reynolds) {
            var += (r - mean) * (r - mean) / reynolds.length;
        }
        return new double[] {mean, var > 0 ? Math.sqrt(var) : 1.0};
    }
}
