package org.deepzero.coupling.rollout;

import java.util.List;
import org.deepzero.solver.flow.FlowState;

/**
 * A training window: a reference frame to start from, its Reynolds number and the n reference frames
 * that follow it.
 */
public record Window(FlowState start, double reynolds, List<FlowState> targets) {
    public Window {
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a window needs at least one target frame");
        }
    }
}
