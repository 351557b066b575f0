package org.deepzero.defense.denoise;

import java.util.ArrayList;
import java.util.List;
import org.deepzero.zo.nn.Conv2d;
import org.deepzero.zo.nn.Layer;
import org.deepzero.zo.nn.BatchNormStatistics;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.Weights;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained denoiser D(x) = x + R(x) ready for use: R in eval-mode batch norm, with population
 * statistics estimated at θ on noisy calibration images, so each image is denoised on its own; its
 * convolutions before batch norm compute channels-last (certification runs millions of forwards of it).
 * Immutable and thread-safe.
 */
public final class Denoiser {
    private final StagedModel branch;
    private final Weights weights;

    private Denoiser(StagedModel branch, Weights weights) {
        this.branch = branch;
        this.weights = weights;
    }

    /**
     * @param branch      R, as built by {@link Networks#denoiserBranch}
     * @param theta       R's parameters (the first segments of a larger θ are accepted by taking a prefix)
     * @param calibration noisy training images, in chunks, for the batch-norm statistics
     */
    public static Denoiser of(StagedModel branch, double[] theta, List<INDArray> calibration) {
        double[] own = java.util.Arrays.copyOf(theta, branch.space().dimension());
        StagedModel eval = branch.hasBatchNorm()
                ? channelsLast(branch.inEvalMode(BatchNormStatistics.estimate(branch, own, calibration)))
                : branch;
        return new Denoiser(eval, eval.weights(own));
    }

    /**
     * R with every convolution channels-last: each conv → frozen batch norm → ReLU runs as one channels-last
     * block (zo-train's ConvBlocks) and the last convolution reads the last block's channels-last output
     * directly. oneDNN's NHWC kernels give the NCHW kernels' numbers on these shapes (measured; see
     * zo-train's EvalModeBlocksTest and DenoiserTest); D's forward takes 2.7x less time at batch 256
     * ({@code EvalForwardSpeedup} in bench/).
     */
    private static StagedModel channelsLast(StagedModel eval) {
        StagedModel blocks = eval.withChannelsLastConvolutions(true);
        List<Layer> stages = new ArrayList<>(blocks.stages());
        int last = stages.size() - 1;
        if (stages.get(last) instanceof Conv2d conv) {
            stages.set(last, conv.withChannelsLast(true));
        }
        return new StagedModel(stages, blocks.sampleShape(), blocks.dataType());
    }

    /** D(x) for a batch {@code [N, 3, H, W]} (a new array). */
    public INDArray apply(INDArray noisy) {
        return branch.forward(weights, noisy, 1).addi(noisy);
    }
}
