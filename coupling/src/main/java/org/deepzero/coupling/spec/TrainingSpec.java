package org.deepzero.coupling.spec;

import java.util.List;
import org.deepzero.solver.pde.CaseParameters;

/**
 * How the corrector is trained ({@code [training]}). Immutable.
 *
 * @param parameters     parameter sets whose reference trajectories provide training windows
 * @param frames         frames of each training trajectory used for training (from its start)
 * @param unroll         n, the coupled solver steps of one training window
 * @param windows        windows per training step (the mini-batch)
 * @param methods        the zeroth-order runs after the NON fit, in order: {@code sol-zo} and
 *                       {@code sol-rge} start from the NON fit (warm), {@code sol-zo-cold} and
 *                       {@code sol-rge-cold} from random weights
 * @param steps          ZO optimisation steps
 * @param optimizer      {@code adam} or {@code sgd}
 * @param learningRate   peak learning rate of the ZO optimiser (cosine decay)
 * @param mu             finite-difference step of the estimators, on the parameters
 * @param sparsity       gradient sparsity of sparse CGE, in [0, 1): the share of coordinates NOT queried
 * @param pruning        how layer ratios are chosen: {@code zo-grasp} (RGE, q = 192), {@code zo-grasp-cge} (coordinate-wise) or {@code random}
 * @param redrawEvery    steps between new coordinate masks
 * @param validateEvery  steps between long-rollout validations (the best one is kept)
 * @param validateSteps  length of the validation rollouts
 * @param nonSteps       Adam steps of the offline NON fit
 * @param nonLearningRate learning rate of the NON fit
 * @param nonBatch       samples per NON step
 * @param seed           seed of window sampling, masks and directions
 * @param coldStart      how the {@code -cold} methods spend their first steps and their step size
 * @param seeds          the seed replicates every method is trained with: replicate r uses
 *                       {@code [corrector] seed + r} (network initialisation) and {@code seed + r}
 *                       (windows, masks, directions); {@code [0]} is the case's seeds alone
 */
public record TrainingSpec(List<CaseParameters> parameters, int frames, int unroll, int windows, List<String> methods,
                           int steps, String optimizer, double learningRate, double mu, double sparsity,
                           String pruning, int redrawEvery, int validateEvery, int validateSteps,
                           int nonSteps, double nonLearningRate, int nonBatch, long seed,
                           ColdStartSpec coldStart, List<Integer> seeds) {
    public TrainingSpec {
        java.util.Objects.requireNonNull(coldStart, "coldStart");
        parameters = List.copyOf(parameters);
        methods = List.copyOf(methods);
        seeds = List.copyOf(seeds);
        if (seeds.isEmpty() || seeds.stream().anyMatch(r -> r < 0) || seeds.stream().distinct().count() != seeds.size()) {
            throw new IllegalArgumentException("seed replicates must be distinct and >= 0, got " + seeds);
        }
    }

    /** The settings of seed replicate {@code r}: {@link #seed()} offset by r, one replicate. */
    public TrainingSpec replicate(int r) {
        return new TrainingSpec(parameters, frames, unroll, windows, methods, steps, optimizer, learningRate, mu,
                sparsity, pruning, redrawEvery, validateEvery, validateSteps, nonSteps, nonLearningRate, nonBatch,
                seed + r, coldStart, List.of(r));
    }

    /** Whether a zeroth-order method starts from random weights rather than the NON fit. */
    public static boolean coldStart(String method) {
        return method.endsWith("-cold");
    }

    /** The estimator mode of a method: {@code sol-zo} or {@code sol-rge}. */
    public static String mode(String method) {
        return coldStart(method) ? method.substring(0, method.length() - "-cold".length()) : method;
    }

    @Override
    public String toString() {
        return "TrainingSpec[parameters=" + parameters + ", frames=" + frames + ", unroll=" + unroll
                + ", windows=" + windows + ", methods=" + methods + ", steps=" + steps
                + ", optimizer=" + optimizer + ", lr=" + learningRate + ", mu=" + mu + ", sparsity=" + sparsity
                + ", pruning=" + pruning + ", redrawEvery=" + redrawEvery + ", validateEvery=" + validateEvery
                + ", validateSteps=" + validateSteps + ", nonSteps=" + nonSteps + ", nonLr=" + nonLearningRate
                + ", nonBatch=" + nonBatch + ", seed=" + seed + ", coldStart=" + coldStart
                + (seeds.equals(List.of(0)) ? "" : ", seeds=" + seeds) + "]";
    }
}
