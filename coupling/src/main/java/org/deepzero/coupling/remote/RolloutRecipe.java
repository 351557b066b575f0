package org.deepzero.coupling.remote;

import java.util.ArrayList;
import java.util.List;
import org.deepzero.coupling.rollout.RolloutLoss;
import org.deepzero.coupling.train.WindowSampler;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.query.ObjectiveRecipe;

/**
 * The solver-in-the-loop loss of one step ({@link RolloutLoss} on that step's windows) as a cluster
 * member rebuilds it: the case's coupled system ({@link CoupledSystemRecipe}, built once per member)
 * and the windows as (parameter values, start frame). θ and the queries travel separately, once per
 * batch. The member's loss is computed by the same code on the same data, so its values equal the
 * training process's bit for bit.
 *
 * @param system       the coupled system
 * @param unroll       n, the coupled steps of each window
 * @param windows      the windows of the step
 * @param featureReuse as in {@link RolloutLoss}
 */
public record RolloutRecipe(CoupledSystemRecipe system, int unroll, List<WindowRef> windows, boolean featureReuse)
        implements ObjectiveRecipe {
    private static final long serialVersionUID = 1L;

    /** One window: the values of its parameter set (in the PDE's order) and its start frame. */
    public record WindowRef(List<Double> parameters, int frame) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        public WindowRef {
            parameters = List.copyOf(parameters);
        }
    }

    public RolloutRecipe {
        java.util.Objects.requireNonNull(system, "system");
        windows = List.copyOf(windows);
        if (unroll < 1 || windows.isEmpty()) {
            throw new IllegalArgumentException("need unroll >= 1 and at least one window, got " + unroll
                    + " and " + windows.size());
        }
    }

    /** The recipe of the windows {@code picks} of a {@link WindowSampler}. */
    public static RolloutRecipe of(CoupledSystemRecipe system, int unroll, List<WindowSampler.Pick> picks,
                                   boolean featureReuse) {
        List<WindowRef> refs = new ArrayList<>(picks.size());
        for (WindowSampler.Pick p : picks) {
            refs.add(new WindowRef(List.copyOf(p.parameters().values().values()), p.frame()));
        }
        return new RolloutRecipe(system, unroll, refs, featureReuse);
    }

    @Override
    public Objective build() {
        return build(system.load());
    }

    private <S> Objective build(CoupledSystemRecipe.Built<S> b) {
        List<WindowSampler.Pick> picks = new ArrayList<>(windows.size());
        for (WindowRef w : windows) {
            picks.add(new WindowSampler.Pick(b.parameters(w.parameters()), w.frame()));
        }
        return new RolloutLoss<>(b.rollout(), WindowSampler.windows(b.reference(), picks, unroll), featureReuse);
    }
}
