package org.deepzero.solver.external;

import java.util.Map;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.solver.pde.CoupledPde;

/**
 * The coarse solver of one parameter set whose step runs in an external program: the state goes out
 * in the host's channel layout with the parameter values, the program's answer comes back as the
 * next state ({@link ExternalHost#afterStep}). Everything else (layout, mask, pictures, diagnostics)
 * is the host solver's. Thread-safe: parallel steps go to different processes of the pool.
 *
 * @param <S> the state type
 */
public final class ExternalPde<S> implements CoupledPde<S> {
    private final ExternalHost<S> host;
    private final CoupledPde<S> inner;
    private final CaseParameters parameters;
    private final double[] values;
    private final ExternalPool pool;

    /**
     * @param host       the hosting case
     * @param inner      the host's in-process solver at {@code parameters} (all but the step)
     * @param parameters the parameter set
     * @param pool       the processes that step
     */
    public ExternalPde(ExternalHost<S> host, CoupledPde<S> inner, CaseParameters parameters, ExternalPool pool) {
        this.host = host;
        this.inner = inner;
        this.parameters = parameters;
        this.values = parameters.values().values().stream().mapToDouble(Double::doubleValue).toArray();
        this.pool = pool;
    }

    @Override
    public S initialState() {
        return inner.initialState();
    }

    /**
     * One step in the external program.
     *
     * @throws ExternalSolverException when the program crashed, hung or failed (one line: program and step)
     */
    @Override
    public S step(S state) {
        double[] next = pool.step(parameters.label(), host.stepOf(state), host.timeOf(state), values,
                inner.toChannels(state));
        return host.afterStep(state, parameters, next);
    }

    @Override
    public Map<String, Double> diagnostics(S state) {
        return inner.diagnostics(state);
    }

    @Override
    public int[] channelShape() {
        return inner.channelShape();
    }

    @Override
    public double[] toChannels(S state) {
        return inner.toChannels(state);
    }

    @Override
    public S withCorrection(S state, double[] correction) {
        return inner.withCorrection(state, correction);
    }

    @Override
    public double[] openChannels() {
        return inner.openChannels();
    }

    @Override
    public String pictureName() {
        return inner.pictureName();
    }

    @Override
    public int[] pictureShape() {
        return inner.pictureShape();
    }

    @Override
    public double[] picture(S state) {
        return inner.picture(state);
    }

    @Override
    public boolean[] pictureMask() {
        return inner.pictureMask();
    }
}
