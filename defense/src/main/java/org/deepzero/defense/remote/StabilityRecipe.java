package org.deepzero.defense.remote;

import java.util.List;
import org.deepzero.defense.blackbox.MeteredBlackBox;
import org.deepzero.defense.train.NoisyBatches;
import org.deepzero.defense.train.StabilityObjective;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.objective.QueryOptions;
import org.deepzero.zo.query.ObjectiveRecipe;

/**
 * DeepZero-DS's objective of one step ({@link StabilityObjective}) as a cluster member rebuilds it: F,
 * the training images and the denoiser from {@link BlackBoxRecipe} (built once per member), the noisy
 * batch as (σ, batch size, seed, step), which {@link NoisyBatches} draws from those alone, and F's
 * labels of the clean images as the training process got them (not queried again). θ and the queries
 * travel separately, once per batch. The member's black box is metered: the images each chunk sends to
 * F go back with its values and are counted by the training process.
 *
 * @param labels  F's classes of the batch's clean images
 * @param options the staged objective's query options
 */
public record StabilityRecipe(BlackBoxRecipe blackBox, double sigma, int batch, long seed, int step,
                              List<Integer> labels, QueryOptions options) implements ObjectiveRecipe {
    private static final long serialVersionUID = 1L;

    public StabilityRecipe {
        java.util.Objects.requireNonNull(blackBox, "black box");
        java.util.Objects.requireNonNull(options, "options");
        labels = List.copyOf(labels);
        if (labels.size() != batch) {
            throw new IllegalArgumentException(labels.size() + " labels for a batch of " + batch);
        }
    }

    /** The recipe of step {@code step}'s objective, F's labels {@code labels}. */
    public static StabilityRecipe of(BlackBoxRecipe blackBox, double sigma, int batch, long seed, int step,
                                     int[] labels, QueryOptions options) {
        return new StabilityRecipe(blackBox, sigma, batch, seed, step,
                java.util.Arrays.stream(labels).boxed().toList(), options);
    }

    /** The same step with other query options. */
    public StabilityRecipe withOptions(QueryOptions other) {
        return new StabilityRecipe(blackBox, sigma, batch, seed, step, labels, other);
    }

    @Override
    public Objective build() {
        BlackBoxRecipe.Built b = blackBox.load();
        NoisyBatches.NoisyBatch nb = new NoisyBatches(b.train(), sigma, batch, seed).batch(step);
        return StabilityObjective.of(b.branch(), nb.noisy(), MeteredBlackBox.of(b.victim().asBlackBox()),
                labels.stream().mapToInt(Integer::intValue).toArray(), options);
    }
}
