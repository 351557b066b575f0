package org.deepzero.defense.remote;

import java.util.List;
import java.util.Objects;
import org.deepzero.defense.blackbox.MeteredBlackBox;
import org.deepzero.defense.denoise.Networks;
import org.deepzero.defense.train.LatentLoss;
import org.deepzero.defense.train.LatentPerturbations;
import org.deepzero.defense.train.LatentQueries;
import org.deepzero.zo.query.TaskSet;
import org.deepzero.zo.query.TaskSetRecipe;

/**
 * The black-box evaluations of one ZO-AE-DS estimate ({@link LatentQueries}) as a cluster member
 * rebuilds them: F from {@link BlackBoxRecipe} (built once per member, verified by hash), the fixed
 * decoder from its parameters (trained by the training process, so they travel here: 592,896 numbers,
 * sent once per estimate and member), F's labels of the batch's clean images as the training process got
 * them (not queried again), and the latent codes with their perturbations (RGE directions as generator
 * positions). The member's black box is metered: the images each task sends to F go back with its losses.
 *
 * @param decoderTheta the pre-trained decoder's parameters (fixed for the run: shared, not copied)
 * @param labels       F's classes of the batch's clean images
 */
public record LatentQueriesRecipe(BlackBoxRecipe blackBox, double[] decoderTheta, List<Integer> labels,
                                  LatentPerturbations perturbations) implements TaskSetRecipe {
    private static final long serialVersionUID = 1L;

    public LatentQueriesRecipe {
        Objects.requireNonNull(blackBox, "black box");
        Objects.requireNonNull(decoderTheta, "decoder parameters");
        Objects.requireNonNull(perturbations, "perturbations");
        labels = List.copyOf(labels);
        if (labels.size() != perturbations.batch()) {
            throw new IllegalArgumentException(labels.size() + " labels for a batch of " + perturbations.batch());
        }
    }

    /** The recipe of the evaluations {@code perturbations} of a batch with F's labels {@code labels}. */
    public static LatentQueriesRecipe of(BlackBoxRecipe blackBox, double[] decoderTheta, int[] labels,
                                         LatentPerturbations perturbations) {
        return new LatentQueriesRecipe(blackBox, decoderTheta, java.util.Arrays.stream(labels).boxed().toList(),
                perturbations);
    }

    @Override
    public TaskSet build() {
        BlackBoxRecipe.Built b = blackBox.load();
        LatentLoss loss = new LatentLoss(Networks.decoder(), decoderTheta, MeteredBlackBox.of(b.victim().asBlackBox()),
                labels.stream().mapToInt(Integer::intValue).toArray());
        return new LatentQueries(loss, perturbations);
    }
}
