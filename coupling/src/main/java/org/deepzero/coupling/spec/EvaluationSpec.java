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
 * @param independent whether each start is its own reference trajectory (another initial
 *                   perturbation, rolled out from its first frame: independent samples) rather than a
 *                   window of the parameter set's one trajectory
 * @param physicsSteps steps of the record the physics (Strouhal number, spectra) is measured on,
 *                   at least {@code steps}; the rollouts run this long
 */
public record EvaluationSpec(List<CaseParameters> parameters, int steps, int starts, int[] imageSteps,
                             boolean independent, int physicsSteps) {
    /** {@code trajectories} values: windows of one trajectory, or independent trajectories. */
    public static final String WINDOWS = "windows";
    /** See {@link #WINDOWS}. */
    public static final String INDEPENDENT = "independent";

    public EvaluationSpec {
        parameters = List.copyOf(parameters);
        imageSteps = imageSteps.clone();
        if (physicsSteps < steps) {
            throw new IllegalArgumentException("physics record of " + physicsSteps + " steps is shorter than the "
                    + steps + " error steps");
        }
    }

    @Override
    public int[] imageSteps() {
        return imageSteps.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EvaluationSpec e && e.parameters.equals(parameters) && e.steps == steps
                && e.starts == starts && Arrays.equals(e.imageSteps, imageSteps) && e.independent == independent
                && e.physicsSteps == physicsSteps;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(parameters, steps, starts, Arrays.hashCode(imageSteps), independent, physicsSteps);
    }

    @Override
    public String toString() {
        return "EvaluationSpec[parameters=" + parameters + ", steps=" + steps + ", starts=" + starts
                + ", imageSteps=" + Arrays.toString(imageSteps) + ", trajectories=" + (independent ? INDEPENDENT : WINDOWS)
                + ", physicsSteps=" + physicsSteps + "]";
    }
}
