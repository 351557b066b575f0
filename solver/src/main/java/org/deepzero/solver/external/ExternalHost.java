package org.deepzero.solver.external;

import java.util.Map;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.solver.pde.PdeCase;

/**
 * An in-process PDE case that can host an external coarse solver ({@code [pde] kind = external}): it
 * keeps the channel layout, parameters, references, pictures and trajectories, and the external
 * program only steps. Possible only where the channels hold the whole state (Burgers: u and v; not
 * the wake flow, whose pressure is not in its channels).
 *
 * @param <S> the state type; immutable
 */
public interface ExternalHost<S> extends PdeCase<S> {

    /**
     * @return the settings the program receives in its start message, {@code key -> value}, in order
     *         (the effective values, defaults included, so the program needs no defaults of its own)
     */
    Map<String, String> programSettings();

    /** @return the steps taken to reach {@code state} */
    long stepOf(S state);

    /** @return the simulated time of {@code state} */
    double timeOf(S state);

    /**
     * The state one coarse step after {@code before} whose unknowns are {@code channels} (the
     * layout of {@link #channelShape()}): time and step advanced, checked for blow-up as the
     * in-process step is.
     *
     * @throws org.deepzero.solver.SimulationDivergedException as the in-process step would
     */
    S afterStep(S before, CaseParameters p, double[] channels);
}
