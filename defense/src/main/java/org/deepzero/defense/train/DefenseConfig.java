package org.deepzero.defense.train;

import org.deepzero.common.InputException;
import java.nio.file.Path;
import java.util.Objects;
import org.deepzero.vision.model.ModelSpec;

/**
 * Everything that determines a defense run, with the defaults in one place ({@link #defaults}).
 *
 * @param data           CIFAR-10 folder
 * @param victimParams   parameters file of the black box, saved by {@code vision train}
 * @param victimModel    the black box's architecture (the parameters must match it)
 * @param out            run folder
 * @param sigma          noise level σ of smoothing and training, pixel units of [0, 1] images
 * @param seed           seed of everything random
 * @param trainImages    training images used (the first ones in file order)
 * @param bnImages       training images calibrating eval-mode batch norm of F and D
 * @param denoiserWidth  channels of the denoiser's hidden convolutions
 * @param denoiserLayers convolutions of the denoiser
 * @param pretrainSteps  first-order MSE pre-training steps of the denoiser
 * @param pretrainBatch  their mini-batch
 * @param pretrainLr     their Adam learning rate (cosine-decayed)
 * @param steps          fine-tuning steps through F
 * @param batch          fine-tuning mini-batch
 * @param lr             fine-tuning Adam learning rate (cosine-decayed)
 * @param mu             finite-difference step of all ZO estimates
 * @param coordinates    black-box evaluations per step beyond the base point: DeepZero-DS's mask size
 *                       (sparsity 1 − coordinates/d) and ZO-AE-DS's q; ZO-AE-DS CGE uses the 192 latent
 *                       coordinates, so 192 makes all three spend the same queries
 * @param maskEvery      DeepZero-DS redraws its coordinate mask every this many steps
 * @param graspQueries   RGE directions of the ZO-GraSP score
 * @param encoderWidth   channels of the autoencoder's hidden convolution
 * @param aeSteps        first-order pre-training steps of the ZO-AE-DS autoencoder on reconstruction (cheap:
 *                       no black box, and its 590k-parameter linear decoder needs many steps)
 * @param threads        Java threads evaluating queries
 */
public record DefenseConfig(Path data, Path victimParams, ModelSpec victimModel, Path out, double sigma, long seed,
                            int trainImages, int bnImages, int denoiserWidth, int denoiserLayers, int pretrainSteps,
                            int pretrainBatch, double pretrainLr, int steps, int batch, double lr, double mu,
                            int coordinates, int maskEvery, int graspQueries, int encoderWidth, int aeSteps,
                            int threads) {

    public DefenseConfig {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(victimParams, "victim parameters");
        Objects.requireNonNull(victimModel, "victim model");
        Objects.requireNonNull(out, "out");
        require(sigma > 0 && Double.isFinite(sigma), "sigma", "must be finite and > 0, got " + sigma);
        require(trainImages >= 1 && trainImages <= 50_000, "train-images", "must lie in [1, 50000], got " + trainImages);
        require(bnImages >= 1, "bn-images", "must be >= 1, got " + bnImages);
        require(denoiserWidth >= 1, "denoiser-width", "must be >= 1, got " + denoiserWidth);
        require(denoiserLayers >= 2, "denoiser-layers", "must be >= 2, got " + denoiserLayers);
        require(pretrainSteps >= 1, "pretrain-steps", "must be >= 1, got " + pretrainSteps);
        require(pretrainBatch >= 1 && pretrainBatch <= trainImages, "pretrain-batch", "must lie in [1, train-images], got " + pretrainBatch);
        require(pretrainLr > 0 && Double.isFinite(pretrainLr), "pretrain-lr", "must be > 0, got " + pretrainLr);
        require(steps >= 1, "steps", "must be >= 1, got " + steps);
        require(batch >= 1 && batch <= trainImages, "batch", "must lie in [1, train-images], got " + batch);
        require(lr > 0 && Double.isFinite(lr), "lr", "must be > 0, got " + lr);
        require(mu > 0 && Double.isFinite(mu), "mu", "must be > 0, got " + mu);
        require(coordinates >= 1, "coordinates", "must be >= 1, got " + coordinates);
        require(maskEvery >= 1, "mask-every", "must be >= 1, got " + maskEvery);
        require(graspQueries >= 1, "grasp-queries", "must be >= 1, got " + graspQueries);
        require(encoderWidth >= 1, "encoder-width", "must be >= 1, got " + encoderWidth);
        require(aeSteps >= 1, "ae-steps", "must be >= 1, got " + aeSteps);
        require(threads >= 1, "threads", "must be >= 1, got " + threads);
    }

    /**
     * The default settings (the default pipeline of RESULTS.md: 300 fine-tuning steps of batch 8) for the given
     * inputs. The autoencoder gets 20,000 pre-training steps (6 minutes): after 2,000, F behind it kept 23 % of the
     * subset against F's 59 %, and ZO-AE-DS certified below F alone, a baseline too weak to compare against.
     */
    public static DefenseConfig defaults(Path data, Path victimParams, ModelSpec victimModel, Path out) {
        return new DefenseConfig(data, victimParams, victimModel, out, 0.25, 0, 10_000, 1000, 16, 3, 300, 32, 2e-3,
                300, 8, 1e-3, 5e-3, 192, 5, 64, 16, 20_000, Runtime.getRuntime().availableProcessors());
    }

    private static void require(boolean ok, String key, String problem) {
        if (!ok) {
            throw new InputException("--" + key + ": " + problem);
        }
    }
}
