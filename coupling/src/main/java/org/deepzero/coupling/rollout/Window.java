package org.deepzero.coupling.rollout;

import java.util.List;
import org.deepzero.solver.pde.CaseParameters;

/**
 * A training window: a reference frame to start from, its case parameters and the n reference frames
 * that follow it.
 *
 * @param <S> the PDE's state type
 */
public record Window<S>(S start, CaseParameters parameters, List<S> targets) {
    public Window {
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a window needs at least one target frame");
        }
    }
}
