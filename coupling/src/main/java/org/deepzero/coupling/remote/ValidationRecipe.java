package org.deepzero.coupling.remote;

import java.util.ArrayList;
import java.util.List;
import org.deepzero.coupling.eval.TestRollouts;
import org.deepzero.solver.pde.TrajectoryId;
import org.deepzero.zo.query.TaskSet;
import org.deepzero.zo.query.TaskSetRecipe;

/**
 * The validation rollouts of a training run at one θ ({@link TestRollouts#errorTasks}) as a cluster
 * member rebuilds them: the case's coupled system ({@link CoupledSystemRecipe}, built once per member,
 * its training references verified by hash) and the starts as (parameter values, start frame) of the
 * training parameter sets' trajectories, the only references a member holds. Task i is start i's
 * per-step errors, computed by the same code on the same data as in the training process.
 *
 * @param system the coupled system
 * @param starts the validation starts
 * @param steps  the steps of each rollout
 * @param theta  the corrector parameters
 */
public record ValidationRecipe(CoupledSystemRecipe system, List<RolloutRecipe.WindowRef> starts, int steps,
                               double[] theta) implements TaskSetRecipe {
    private static final long serialVersionUID = 1L;

    public ValidationRecipe {
        java.util.Objects.requireNonNull(system, "system");
        java.util.Objects.requireNonNull(theta, "theta");
        starts = List.copyOf(starts);
        if (steps < 1 || starts.isEmpty()) {
            throw new IllegalArgumentException("need steps >= 1 and at least one start, got " + steps + " and "
                    + starts.size());
        }
    }

    /**
     * The recipe of {@code rollouts} at {@code theta}.
     *
     * @throws IllegalArgumentException for a start on another trajectory than a parameter set's default
     *                                  one (members hold only those)
     */
    public static ValidationRecipe of(CoupledSystemRecipe system, TestRollouts<?> rollouts, double[] theta) {
        List<RolloutRecipe.WindowRef> refs = new ArrayList<>();
        for (TestRollouts.Start s : rollouts.starts()) {
            if (!s.trajectory().equals(TrajectoryId.of(s.parameters()))) {
                throw new IllegalArgumentException("members hold only the default trajectories, not " + s.label());
            }
            refs.add(new RolloutRecipe.WindowRef(List.copyOf(s.parameters().values().values()), s.frame()));
        }
        return new ValidationRecipe(system, refs, rollouts.steps(), theta.clone());
    }

    @Override
    public TaskSet build() {
        return build(system.load());
    }

    private <S> TaskSet build(CoupledSystemRecipe.Built<S> b) {
        List<TestRollouts.Start> out = new ArrayList<>(starts.size());
        for (RolloutRecipe.WindowRef w : starts) {
            out.add(new TestRollouts.Start(b.parameters(w.parameters()), w.frame()));
        }
        return new TestRollouts<>(b.rollout(), b.reference(), out, steps).errorTasks(theta);
    }
}
