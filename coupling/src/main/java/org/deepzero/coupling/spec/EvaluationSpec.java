package org.deepzero.coupling.spec;

import java.util.Arrays;

/**
 * How trained correctors are evaluated ({@code [evaluation]}). Immutable.
 *
 * @param reynolds   held-out Reynolds numbers (not among the training ones)
 * @param steps      length of each test rollout
 * @param starts     start frames per Reynolds number, spread evenly over the reference
 * @param imageSteps rollout steps at which the report shows vorticity side by side
 */
public record EvaluationSpec(double[] reynolds, int steps, int starts, int[] imageSteps) {
    public EvaluationSpec {
        reynolds = reynolds.clone();
        imageSteps = imageSteps.clone();
    }

    @Override
    public double[] reynolds() {
        return reynolds.clone();
    }

    @Override
    public int[] imageSteps() {
        return imageSteps.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EvaluationSpec e && Arrays.equals(e.reynolds, reynolds) && e.steps == steps
                && e.starts == starts && Arrays.equals(e.imageSteps, imageSteps);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(reynolds) * 31 + steps * 7 + starts + Arrays.hashCode(imageSteps);
    }

    @Override
    public String toString() {
        return "EvaluationSpec[reynolds=" + Arrays.toString(reynolds) + ", steps=" + steps + ", starts=" + starts
                + ", imageSteps=" + Arrays.toString(imageSteps) + "]";
    }
}
