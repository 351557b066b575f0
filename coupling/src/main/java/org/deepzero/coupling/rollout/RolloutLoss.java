package org.deepzero.coupling.rollout;

import java.util.List;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.Weights;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.param.ParameterSpace;
import org.deepzero.zo.query.Query;
import org.deepzero.zo.query.QueryBatch;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The solver-in-the-loop training loss on a fixed set of windows, as a black box for DeepZero:
 * {@code L(θ) = mean over windows and k = 1..n of mean over open entries of ((ũ_k − u_k^ref) / U)²},
 * U the field scale, {@code ũ_k = S(ũ_{k−1}) + f_θ(S(ũ_{k−1}), p)}, {@code ũ_0} the window's reference start frame.
 *
 * <p>Work shared between queries: the first solver step {@code S(ũ_0)} does not depend on θ and is
 * computed once; within a batch of queries around one base point, the first network application's
 * stage inputs are cached, so a query that perturbs a coordinate of stage l restarts that
 * application at stage l (feature reuse). Later steps depend on the perturbed output and are
 * recomputed. Thread-safe: concurrent calls share only immutable data.
 */
public final class RolloutLoss<S> implements Objective {
    private final CoupledRollout<S> rollout;
    private final List<Window<S>> windows;
    private final List<CaseParameters> parameters;
    private final List<S> firstSolved;
    private final INDArray firstInput;
    private final FieldError<S> error;
    private final double velocityScale;
    private final boolean featureReuse;

    /**
     * @param rollout      the coupled system
     * @param windows      the windows (all of the same length n)
     * @param featureReuse whether coordinate queries restart the first network application at the
     *                     perturbed stage
     */
    public RolloutLoss(CoupledRollout<S> rollout, List<Window<S>> windows, boolean featureReuse) {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("no training windows");
        }
        int n = windows.get(0).targets().size();
        for (Window<S> w : windows) {
            if (w.targets().size() != n) {
                throw new IllegalArgumentException("windows of different lengths: " + n + " and " + w.targets().size());
            }
        }
        this.rollout = rollout;
        this.windows = List.copyOf(windows);
        this.parameters = windows.stream().map(Window::parameters).toList();
        List<S> starts = windows.stream().map(Window::start).toList();
        this.firstSolved = rollout.solve(starts, parameters);
        this.firstInput = rollout.corrector().input(firstSolved, parameters);
        this.error = new FieldError<>(rollout.corrector());
        this.velocityScale = rollout.corrector().normalization().fieldScale();
        this.featureReuse = featureReuse;
    }

    @Override
    public ParameterSpace space() {
        return rollout.corrector().model().space();
    }

    /** Number of unrolled steps n. */
    public int unroll() {
        return windows.get(0).targets().size();
    }

    @Override
    public double value(double[] theta) {
        Weights w = rollout.corrector().model().weights(theta);
        return lossFrom(rollout.corrector().output(w, firstInput), w);
    }

    @Override
    public double[] values(QueryBatch batch) {
        StagedModel model = rollout.corrector().model();
        Weights base = model.weights(batch.base());
        INDArray[] cache = featureReuse ? model.activations(base, firstInput) : null;
        double[] out = new double[batch.size()];
        double[] point = batch.base().clone();
        for (int q = 0; q < out.length; q++) {
            Query query = batch.query(q);
            if (cache != null && query instanceof Query.Coordinate c) {
                Weights w = base.withCoordinate(c.index(), batch.base()[c.index()] + c.delta());
                int stage = model.space().segmentOf(c.index()).stage();
                out[q] = lossFrom(model.forwardFrom(stage, cache[stage], w, 1), w);
            } else {
                query.applyTo(point);
                out[q] = value(point);
                query.undo(point, batch.base());
            }
        }
        return out;
    }

    /** The loss given the first network application's output. */
    private double lossFrom(INDArray firstOutput, Weights w) {
        List<S> s = rollout.correct(firstSolved, firstOutput);
        double sum = accumulate(s, 0);
        for (int k = 1; k < unroll(); k++) {
            s = rollout.step(s, parameters, w);
            sum += accumulate(s, k);
        }
        return sum / (windows.size() * unroll() * velocityScale * velocityScale);
    }

    private double accumulate(List<S> states, int k) {
        double sum = 0;
        for (int i = 0; i < states.size(); i++) {
            sum += error.meanSquared(states.get(i), windows.get(i).targets().get(k));
        }
        return sum;
    }
}
