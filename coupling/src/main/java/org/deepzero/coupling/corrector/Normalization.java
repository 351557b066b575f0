package org.deepzero.coupling.corrector;

import java.util.Arrays;
import java.util.List;
import org.deepzero.solver.pde.CaseParameters;

/**
 * Scales that put the corrector's inputs and outputs at unit size, from statistics of the training
 * data, so that one finite-difference step and one learning rate suit every case. Serializable: a
 * cluster member rebuilds the corrector with the training process's scales instead of recomputing them.
 *
 * @param fieldScale      the state's channels are divided by this (the PDE's field scale, e.g. the inflow speed)
 * @param featureNames    the case parameters that enter as constant channels, in order
 * @param featureMeans    parameter channel i is {@code (p_i - mean_i) / scale_i}
 * @param featureScales   spread of each parameter over the training set (1 when constant)
 * @param correctionScale the network output is multiplied by this: the standard deviation of the
 *                        one-step correction target {@code u_ref(k+1) - S(u_ref(k))} over open entries
 */
public record Normalization(double fieldScale, List<String> featureNames, double[] featureMeans,
                            double[] featureScales, double correctionScale) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    public Normalization {
        featureNames = List.copyOf(featureNames);
        featureMeans = featureMeans.clone();
        featureScales = featureScales.clone();
        if (featureMeans.length != featureNames.size() || featureScales.length != featureNames.size()) {
            throw new IllegalArgumentException("one mean and one scale per feature " + featureNames);
        }
        boolean scalesOk = Arrays.stream(featureScales).allMatch(v -> v > 0);
        if (!(fieldScale > 0) || !scalesOk || !(correctionScale > 0)) {
            throw new IllegalArgumentException("scales must be positive: field " + fieldScale
                    + ", features " + Arrays.toString(featureScales) + ", correction " + correctionScale);
        }
    }

    /**
     * Scales from the training parameter sets: mean and population standard deviation of each feature.
     */
    public static Normalization of(double fieldScale, List<String> featureNames, List<CaseParameters> training,
                                   double correctionScale) {
        double[] mean = new double[featureNames.size()];
        double[] scale = new double[featureNames.size()];
        for (int f = 0; f < mean.length; f++) {
            String name = featureNames.get(f);
            double[] stats = statistics(training.stream().mapToDouble(p -> p.get(name)).toArray());
            mean[f] = stats[0];
            scale[f] = stats[1];
        }
        return new Normalization(fieldScale, featureNames, mean, scale, correctionScale);
    }

    /** Number of parameter channels. */
    public int featureCount() {
        return featureNames.size();
    }

    /** The parameter channels' values for {@code p}. */
    public double[] features(CaseParameters p) {
        double[] out = new double[featureNames.size()];
        for (int f = 0; f < out.length; f++) {
            out[f] = (p.get(featureNames.get(f)) - featureMeans[f]) / featureScales[f];
        }
        return out;
    }

    @Override
    public double[] featureMeans() {
        return featureMeans.clone();
    }

    @Override
    public double[] featureScales() {
        return featureScales.clone();
    }

    /** Mean and (population) standard deviation, 1 when all equal. */
    static double[] statistics(double[] values) {
        double mean = 0;
        for (double r : values) {
            mean += r / values.length;
        }
        double var = 0;
        for (double r : values) {
            var += (r - mean) * (r - mean) / values.length;
        }
        return new double[] {mean, var > 0 ? Math.sqrt(var) : 1.0};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && n.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "Normalization[fieldScale=" + fieldScale + ", features=" + featureNames + ", means="
                + Arrays.toString(featureMeans) + ", scales=" + Arrays.toString(featureScales)
                + ", correctionScale=" + correctionScale + "]";
    }
}
