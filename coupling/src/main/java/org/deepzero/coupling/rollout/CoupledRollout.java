package org.deepzero.coupling.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.deepzero.coupling.corrector.Corrector;
import org.deepzero.solver.Pde;
import org.deepzero.solver.flow.FlowState;
import org.deepzero.zo.nn.Weights;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The coupled solver-corrector system {@code ũ_k = S(ũ_{k-1}) + f_θ(S(ũ_{k-1}), Re)} for a batch of
 * states, each at its own Reynolds number. S is the coarse solver step, used as a black box; the
 * network is applied to the whole batch at once. Without weights ({@code null}) it is the plain
 * solver (the SRC baseline).
 */
public final class CoupledRollout {
    private final Map<Double, ? extends Pde<FlowState>> solvers;
    private final Corrector corrector;

    /**
     * @param solvers   the coarse solver of each Reynolds number
     * @param corrector the network and its scales
     */
    public CoupledRollout(Map<Double, ? extends Pde<FlowState>> solvers, Corrector corrector) {
        this.solvers = Map.copyOf(solvers);
        this.corrector = Objects.requireNonNull(corrector, "corrector");
    }

    public Corrector corrector() {
        return corrector;
    }

    /** One solver step of every state, without correction. */
    public List<FlowState> solve(List<FlowState> states, double[] reynolds) {
        List<FlowState> out = new ArrayList<>(states.size());
        for (int i = 0; i < states.size(); i++) {
            out.add(solver(reynolds[i]).step(states.get(i)));
        }
        return out;
    }

    /** Adds the corrector's output for {@code solved} (states just stepped by S); {@code w == null}: none. */
    public List<FlowState> correct(List<FlowState> solved, double[] reynolds, Weights w) {
        if (w == null) {
            return solved;
        }
        return correct(solved, corrector.output(w, corrector.input(solved, reynolds)));
    }

    /** Adds corrections given as a network output {@code [B, 2, H, W]} for {@code solved}. */
    public List<FlowState> correct(List<FlowState> solved, INDArray output) {
        double[][] c = corrector.corrections(output);
        List<FlowState> out = new ArrayList<>(solved.size());
        for (int i = 0; i < solved.size(); i++) {
            out.add(solved.get(i).withCorrection(c[i]));
        }
        return out;
    }

    /** One coupled step of every state. */
    public List<FlowState> step(List<FlowState> states, double[] reynolds, Weights w) {
        return correct(solve(states, reynolds), reynolds, w);
    }

    /**
     * Coupled rollouts of {@code steps} steps from each start.
     *
     * @return {@code result.get(k)} = the states after step k+1
     */
    public List<List<FlowState>> rollout(List<FlowState> starts, double[] reynolds, Weights w, int steps) {
        List<List<FlowState>> out = new ArrayList<>(steps);
        List<FlowState> s = starts;
        for (int k = 0; k < steps; k++) {
            s = step(s, reynolds, w);
            out.add(s);
        }
        return out;
    }

    private Pde<FlowState> solver(double re) {
        Pde<FlowState> s = solvers.get(re);
        if (s == null) {
            throw new IllegalArgumentException("no solver for Re " + re + "; have " + solvers.keySet());
        }
        return s;
    }
}
