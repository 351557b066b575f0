package org.deepzero.coupling.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.deepzero.coupling.corrector.Corrector;
import org.deepzero.solver.Pde;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.zo.nn.Weights;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The coupled solver-corrector system {@code ũ_k = S(ũ_{k-1}) + f_θ(S(ũ_{k-1}), p)} for a batch of
 * states, each with its own case parameters p. S is the coarse solver step, used as a black box;
 * the network is applied to the whole batch at once. Without weights ({@code null}) it is the plain
 * solver (the SRC baseline).
 *
 * @param <S> the PDE's state type
 */
public final class CoupledRollout<S> {
    private final Map<CaseParameters, ? extends Pde<S>> solvers;
    private final Corrector<S> corrector;

    /**
     * @param solvers   the coarse solver of each parameter set
     * @param corrector the network and its scales
     */
    public CoupledRollout(Map<CaseParameters, ? extends Pde<S>> solvers, Corrector<S> corrector) {
        this.solvers = Map.copyOf(solvers);
        this.corrector = Objects.requireNonNull(corrector, "corrector");
    }

    public Corrector<S> corrector() {
        return corrector;
    }

    /** One solver step of every state, without correction. */
    public List<S> solve(List<S> states, List<CaseParameters> parameters) {
        List<S> out = new ArrayList<>(states.size());
        for (int i = 0; i < states.size(); i++) {
            out.add(solver(parameters.get(i)).step(states.get(i)));
        }
        return out;
    }

    /** Adds the corrector's output for {@code solved} (states just stepped by S); {@code w == null}: none. */
    public List<S> correct(List<S> solved, List<CaseParameters> parameters, Weights w) {
        if (w == null) {
            return solved;
        }
        return correct(solved, corrector.output(w, corrector.input(solved, parameters)));
    }

    /** Adds corrections given as a network output {@code [B, C, H, W]} for {@code solved}. */
    public List<S> correct(List<S> solved, INDArray output) {
        double[][] c = corrector.corrections(output);
        List<S> out = new ArrayList<>(solved.size());
        for (int i = 0; i < solved.size(); i++) {
            out.add(corrector.corrected(solved.get(i), c[i]));
        }
        return out;
    }

    /** One coupled step of every state. */
    public List<S> step(List<S> states, List<CaseParameters> parameters, Weights w) {
        return correct(solve(states, parameters), parameters, w);
    }

    /**
     * Coupled rollouts of {@code steps} steps from each start.
     *
     * @return {@code result.get(k)} = the states after step k+1
     */
    public List<List<S>> rollout(List<S> starts, List<CaseParameters> parameters, Weights w, int steps) {
        List<List<S>> out = new ArrayList<>(steps);
        List<S> s = starts;
        for (int k = 0; k < steps; k++) {
            s = step(s, parameters, w);
            out.add(s);
        }
        return out;
    }

    /** The coarse solver of parameter set {@code p}. */
    public Pde<S> solver(CaseParameters p) {
        Pde<S> s = solvers.get(p);
        if (s == null) {
            throw new IllegalArgumentException("no solver for " + p + "; have " + solvers.keySet());
        }
        return s;
    }
}
