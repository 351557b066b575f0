package org.deepzero.solver.pde;

import java.util.Objects;

/**
 * One reference trajectory of a case: its parameters and which initial perturbation it starts from
 * (0: the PDE's default initial state, the one training uses; k > 0: the k-th seeded perturbation,
 * an independent trajectory at the same parameters). Immutable.
 *
 * @param parameters the case parameters
 * @param trajectory the perturbation index, at least 0
 */
public record TrajectoryId(CaseParameters parameters, int trajectory) {
    public TrajectoryId {
        Objects.requireNonNull(parameters, "parameters");
        if (trajectory < 0) {
            throw new IllegalArgumentException("trajectory index must be >= 0, got " + trajectory);
        }
    }

    /** The default trajectory (perturbation 0) at {@code p}. */
    public static TrajectoryId of(CaseParameters p) {
        return new TrajectoryId(p, 0);
    }

    /** {@code Re=120}, or {@code Re=120 #2} for perturbation 2. */
    public String label() {
        return trajectory == 0 ? parameters.label() : parameters.label() + " #" + trajectory;
    }

    /** {@code re120}, or {@code re120-t2} for perturbation 2. */
    public String tag() {
        return trajectory == 0 ? parameters.tag() : parameters.tag() + "-t" + trajectory;
    }
}
