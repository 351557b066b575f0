package org.deepzero.coupling.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.deepzero.coupling.data.ReferenceSet;
import org.deepzero.coupling.rollout.CoupledRollout;
import org.deepzero.coupling.rollout.FieldError;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.zo.nn.Weights;

/**
 * Long rollouts of a corrected (or uncorrected) solver from reference frames, with the error after
 * every step. The same starts serve every method, so methods can be compared pairwise.
 *
 * @param <S> the PDE's state type
 */
public final class TestRollouts<S> {

    /** Where a rollout starts: a parameter set and a reference frame index. */
    public record Start(CaseParameters parameters, int frame) {
        /** A label such as {@code Re=120 frame=40}. */
        public String label() {
            return String.format(Locale.ROOT, "%s frame=%d", parameters.label(), frame);
        }
    }

    /** The rollouts of one method: states and errors per start. */
    public record Result<S>(MethodErrors errors, List<List<S>> states) {
    }

    private final CoupledRollout<S> rollout;
    private final ReferenceSet<S> reference;
    private final List<Start> starts;
    private final int steps;
    private final FieldError<S> error;

    public TestRollouts(CoupledRollout<S> rollout, ReferenceSet<S> reference, List<Start> starts, int steps) {
        for (Start s : starts) {
            int have = reference.frames(s.parameters()).size();
            if (s.frame() < 0 || s.frame() + steps >= have) {
                throw new IllegalArgumentException("a rollout of " + steps + " steps from frame " + s.frame()
                        + " at " + s.parameters().label() + " needs more than the " + have + " reference frames");
            }
        }
        this.rollout = rollout;
        this.reference = reference;
        this.starts = List.copyOf(starts);
        this.steps = steps;
        this.error = new FieldError<>(rollout.corrector());
    }

    /**
     * Starts spread evenly over the frames that leave room for a rollout of {@code steps}.
     *
     * @param perSet starts per parameter set
     */
    public static List<Start> evenStarts(ReferenceSet<?> reference, List<CaseParameters> parameters, int perSet,
                                         int steps) {
        List<Start> out = new ArrayList<>();
        for (CaseParameters p : parameters) {
            int last = reference.frames(p).size() - 1 - steps;
            if (last < 0) {
                throw new IllegalArgumentException("reference at " + p.label() + " has " + reference.frames(p).size()
                        + " frames, too few for rollouts of " + steps + " steps");
            }
            for (int i = 0; i < perSet; i++) {
                out.add(new Start(p, perSet == 1 ? 0 : (int) Math.round((double) i * last / (perSet - 1))));
            }
        }
        return out;
    }

    public List<Start> starts() {
        return starts;
    }

    public int steps() {
        return steps;
    }

    /**
     * Runs every start in parallel.
     *
     * @param method     the method's name in the result
     * @param theta      corrector parameters, or null for the plain solver
     * @param keepStates whether to return the states (for images and HDF5) or only the errors
     */
    public Result<S> run(String method, double[] theta, boolean keepStates) {
        Weights w = theta == null ? null : rollout.corrector().model().weights(theta);
        double[][] mae = new double[starts.size()][steps];
        List<List<S>> states = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            states.add(null);
        }
        IntStream.range(0, starts.size()).parallel().forEach(i -> {
            Start s = starts.get(i);
            List<S> ref = reference.frames(s.parameters());
            List<S> path = new ArrayList<>(steps);
            List<S> cur = List.of(ref.get(s.frame()));
            List<CaseParameters> re = List.of(s.parameters());
            for (int k = 0; k < steps; k++) {
                cur = rollout.step(cur, re, w);
                mae[i][k] = error.meanAbsolute(cur.get(0), ref.get(s.frame() + k + 1));
                if (keepStates) {
                    path.add(cur.get(0));
                }
            }
            states.set(i, keepStates ? path : List.of());
        });
        List<String> labels = starts.stream().map(Start::label).toList();
        return new Result<>(new MethodErrors(method, labels, mae), states);
    }
}
