package org.deepzero.defense.train;

import org.deepzero.defense.blackbox.MeteredBlackBox;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.objective.QueryOptions;
import org.deepzero.zo.objective.StagedObjective;
import org.deepzero.zo.param.ParameterSpace;
import org.deepzero.zo.query.MeteredObjective;
import org.deepzero.zo.query.QueryBatch;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DeepZero-DS's objective of one step: the denoiser's residual branch staged on the noisy batch, the
 * {@link StabilityLoss} through a metered black box. The training process and cluster members build it
 * here alone, so their values agree bit for bit; a member reports the black-box images each chunk
 * spent ({@link #valuesMetered}) and the training process adds them to its box ({@link #addCalls}).
 * Thread-safe.
 */
public final class StabilityObjective implements MeteredObjective {
    private final StagedObjective staged;
    private final MeteredBlackBox box;

    private StabilityObjective(StagedObjective staged, MeteredBlackBox box) {
        this.staged = staged;
        this.box = box;
    }

    /**
     * @param noisy  the batch x + δ
     * @param labels the black box's classes of the clean images
     */
    public static StabilityObjective of(StagedModel branch, INDArray noisy, MeteredBlackBox box, int[] labels,
                                        QueryOptions options) {
        StabilityLoss loss = new StabilityLoss(box, noisy, labels);
        return new StabilityObjective(new StagedObjective(branch, noisy, loss, options), box);
    }

    /** The same objective and black box with other query options. */
    public StabilityObjective withOptions(QueryOptions options) {
        return new StabilityObjective(staged.withOptions(options), box);
    }

    @Override
    public ParameterSpace space() {
        return staged.space();
    }

    @Override
    public double value(double[] theta) {
        return staged.value(theta);
    }

    @Override
    public double[] values(QueryBatch batch) {
        return staged.values(batch);
    }

    /** Counted on this thread: the staged objective calls the black box on the thread that asks. */
    @Override
    public Metered valuesMetered(QueryBatch batch) {
        long before = box.queriesOnThisThread();
        double[] v = staged.values(batch);
        return new Metered(v, box.queriesOnThisThread() - before);
    }

    @Override
    public void addCalls(long calls) {
        box.addRemote(calls);
    }
}
