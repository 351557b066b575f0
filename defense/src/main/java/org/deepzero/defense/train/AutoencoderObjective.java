package org.deepzero.defense.train;

import org.deepzero.defense.blackbox.MeteredBlackBox;
import org.deepzero.defense.denoise.Networks;
import org.deepzero.defense.remote.BlackBoxRecipe;
import org.deepzero.defense.remote.LatentQueriesRecipe;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.Weights;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.param.ParameterSpace;
import org.deepzero.zo.query.DescribedTaskSet;
import org.deepzero.zo.query.TaskSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The ZO-AE-DS objective on one noisy batch (Zhang et al., ICLR 2022): the trainable front end, denoiser
 * D = x + R(x) then encoder E, produces a latent code z = E(D(x + δ)); the fixed decoder and the black box
 * form the query-only back end G(z) = F(Dec(z)) ({@link LatentLoss}); the loss is the stability
 * cross-entropy of G(z) against F's clean labels. The estimator queries G per sample around z as tasks
 * ({@link #queries}), which go to cluster members when the objective knows how they rebuild F; the front
 * end is differentiated first-order. Thread-safe.
 */
public final class AutoencoderObjective implements Objective {
    private final StagedModel branch;
    private final StagedModel encoder;
    private final LatentLoss loss;
    private final double[] decoderTheta;
    private final BlackBoxRecipe blackBoxRecipe;
    private final ParameterSpace space;
    private final INDArray noisy;
    private final int[] labels;

    /**
     * @param decoderTheta   the pre-trained decoder's parameters (fixed, part of the black-box side)
     * @param blackBoxRecipe how a cluster member rebuilds F, or null: the queries stay on this machine
     */
    public AutoencoderObjective(StagedModel branch, StagedModel encoder, StagedModel decoder, double[] decoderTheta,
                                MeteredBlackBox blackBox, BlackBoxRecipe blackBoxRecipe, INDArray noisy, int[] labels) {
        this.branch = branch;
        this.encoder = encoder;
        this.loss = new LatentLoss(decoder, decoderTheta, blackBox, labels);
        this.decoderTheta = decoderTheta; // fixed for the run: shared, not copied per step
        this.blackBoxRecipe = blackBoxRecipe;
        this.space = Networks.concat(branch, encoder);
        this.noisy = noisy.castTo(DataType.FLOAT);
        this.labels = labels.clone();
    }

    @Override
    public ParameterSpace space() {
        return space;
    }

    public INDArray noisy() {
        return noisy;
    }

    public int batchSize() {
        return labels.length;
    }

    /** z = E(D(x + δ)) flattened to {@code [B, 192]} (train-mode batch norm in R, as in training). */
    public INDArray latent(double[] theta) {
        Weights w = Weights.of(space, theta, DataType.FLOAT);
        INDArray d = branch.forward(w, noisy, 1).addi(noisy);
        INDArray z = encoder.forward(w, d, 1);
        return z.reshape(labels.length, Networks.LATENT).dup('c');
    }

    /**
     * The black-box evaluations of {@code perturbations} as tasks ({@link LatentQueries}), with their
     * recipe when a cluster member can rebuild them.
     */
    public TaskSet queries(LatentPerturbations perturbations) {
        LatentQueries local = new LatentQueries(loss, perturbations);
        return blackBoxRecipe == null ? local : new DescribedTaskSet(local,
                LatentQueriesRecipe.of(blackBoxRecipe, decoderTheta, labels, perturbations));
    }

    @Override
    public double value(double[] theta) {
        double[] l = loss.sampleLosses(latent(theta), 1);
        return java.util.Arrays.stream(l).average().orElseThrow();
    }
}
