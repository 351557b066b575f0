package org.deepzero.vision.prune;

import org.deepzero.common.InputException;
import java.nio.file.Path;
import java.util.Objects;
import org.deepzero.vision.model.ModelSpec;
import org.deepzero.vision.train.Pruning;

/**
 * Settings of the layer-ratio step (DeepZero's generate_layer_ratio): score the initial weights of
 * the model, rank them globally to the target sparsity, and report the fraction kept per layer.
 *
 * @param data        CIFAR-10 folder
 * @param model       the network
 * @param sparsity    global fraction of coordinates to drop, in (0, 1)
 * @param pruning     ZO-GraSP or random scores
 * @param perClass    images per class of ZO-GraSP's class-balanced batch (25 in DeepZero)
 * @param queries     RGE directions of each of ZO-GraSP's two gradient estimates (192 in DeepZero)
 * @param mu          finite-difference step
 * @param seed        seed of initialisation (the same θ as {@code train} with this seed), sampling and queries
 * @param trainImages training images the balanced batch is drawn from (the first ones in file order)
 */
public record PruneConfig(Path data, ModelSpec model, double sparsity, Pruning pruning, int perClass, int queries,
                          double mu, long seed, int trainImages) {
    public PruneConfig {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(pruning, "pruning");
        if (!(sparsity > 0 && sparsity < 1)) {
            throw new InputException("sparsity must lie in (0, 1), got " + sparsity);
        }
        if (perClass < 1 || queries < 1 || trainImages < 1) {
            throw new InputException("images per class, queries and training images must be >= 1");
        }
        if (!(mu > 0)) {
            throw new InputException("mu must be > 0, got " + mu);
        }
    }

    @Override
    public String toString() {
        return "model=" + model.label() + " sparsity=" + sparsity + " pruning="
                + pruning.name().toLowerCase().replace('_', '-') + " perClass=" + perClass + " queries=" + queries
                + " mu=" + mu + " seed=" + seed + " trainImages=" + trainImages;
    }
}
