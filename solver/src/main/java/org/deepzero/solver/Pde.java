package org.deepzero.solver;

import java.util.Map;

/**
 * A time-dependent PDE discretised in space and time: a state, a step, and diagnostics.
 *
 * <p>This is all the coupling and training code sees of a solver, so a second PDE (for example 2D
 * Burgers) is added by implementing it, without touching other modules. Implementations must make
 * {@link #step} a pure function, safe to call from several threads at once on one instance.
 *
 * @param <S> the state type; immutable
 */
public interface Pde<S> {

    /** @return the state the PDE starts from (deterministic) */
    S initialState();

    /**
     * Advances the state by one time step.
     *
     * @param state the current state; not modified
     * @return the next state
     * @throws SimulationDivergedException when the solution blows up (NaN, CFL far exceeded)
     */
    S step(S state);

    /**
     * Scalar diagnostics of a state, by name, in a stable order (for progress lines and CSV
     * columns). Which names appear is up to the PDE and is documented by it.
     *
     * @param state the state
     * @return name to value
     */
    Map<String, Double> diagnostics(S state);
}
