package org.deepzero.coupling.spec;

import java.util.Arrays;
import java.util.List;
import org.deepzero.solver.pde.CaseParameters;

/**
 * How trained correctors are evaluated ({@code [evaluation]}). Immutable.
 *
 * @param parameters held-out parameter sets (none among the training ones)
 * @param steps      length of each test rollout
 * @param starts     start frames per parameter set, spread evenly over the reference
 * @param imageSteps rollout steps at which the report shows pictures side by side
 */
public record EvaluationSpec(List<CaseParameters> parameters, int steps, int starts, int[] imageSteps) {
    public EvaluationSpec {
        parameters = List.copyOf(parameters);
        imageSteps = imageSteps.clone();
    }

    @Override
    public int[] imageSteps() {
        return imageSteps.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EvaluationSpec e && e.parameters.equals(parameters) && e.steps == steps
                && e.starts == starts && Arrays.equals(e.imageSteps, imageSteps);
    }

    @Override
    public int hashCode() {
        return parameters.hashCode() * 31 + steps * 7 + starts + Arrays.hashCode(imageSteps);
    }

    @Override
    public String toString() {
        return "EvaluationSpec[parameters=" + parameters + ", steps=" + steps + ", starts=" + starts
                + ", imageSteps=" + Arrays.toString(imageSteps) + "]";
    }
}
