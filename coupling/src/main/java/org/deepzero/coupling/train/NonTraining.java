package org.deepzero.coupling.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deepzero.coupling.corrector.Corrector;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.zo.autodiff.AutodiffEstimator;
import org.deepzero.zo.autodiff.AutodiffGradient;
import org.deepzero.zo.objective.MeanSquaredError;
import org.deepzero.zo.objective.QueryOptions;
import org.deepzero.zo.objective.StagedObjective;
import org.deepzero.common.Seeds;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The offline NON baseline (Um et al.): the corrector is fitted to one-step targets,
 * {@code f_θ(S(u_ref(k))) ≈ u_ref(k+1) − S(u_ref(k))}, by autodiff through the network alone; the
 * solver never sees the network during training. Mini-batches are drawn from (seed, step).
 *
 * @param <S> the PDE's state type
 */
public final class NonTraining<S> {
    private final Corrector<S> corrector;
    private final OneStepPairs<S> pairs;
    private final int batch;
    private final long seed;

    public NonTraining(Corrector<S> corrector, OneStepPairs<S> pairs, int batch, long seed) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be positive, got " + batch);
        }
        this.corrector = corrector;
        this.pairs = pairs;
        this.batch = Math.min(batch, pairs.size());
        this.seed = seed;
    }

    /** The supervised loss of mini-batch {@code step}: normalised MSE of the network output. */
    public StagedObjective objective(int step) {
        SplittableRandom r = Seeds.forStep(seed ^ 0x4e4f4eL, step);
        List<S> states = new ArrayList<>(batch);
        List<CaseParameters> params = new ArrayList<>(batch);
        int n = corrector.channelLength();
        float[] target = new float[batch * n];
        for (int b = 0; b < batch; b++) {
            int i = r.nextInt(pairs.size());
            states.add(pairs.solved().get(i));
            params.add(pairs.parameters().get(i));
            System.arraycopy(corrector.target(pairs.corrections().get(i)), 0, target, b * n, n);
        }
        INDArray input = corrector.input(states, params);
        long[] shape = input.shape().clone();
        shape[1] = corrector.outputChannels();
        INDArray t = Nd4j.create(target, shape, 'c');
        return new StagedObjective(corrector.model(), input, new MeanSquaredError(t), QueryOptions.plain());
    }

    /** The exact-gradient estimator of this baseline (float32 autodiff: the fit needs no more). */
    public AutodiffEstimator estimator() {
        return new AutodiffEstimator(new AutodiffGradient(corrector.model(), DataType.FLOAT));
    }
}
