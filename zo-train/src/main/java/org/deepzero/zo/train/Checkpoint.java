package org.deepzero.zo.train;

import java.nio.file.Path;
import java.util.Objects;
import org.deepzero.zo.optim.OptimizerState;

/**
 * Everything needed to continue a run exactly: step, parameters, optimizer state, and the counters of
 * the metrics log. Randomness is not stored: the trainer derives each step's generator from
 * (seed, step). The seed and a hash of the configuration are stored to refuse resuming a different run.
 * Immutable.
 *
 * @param step           steps completed when it was taken
 * @param theta          parameters after {@code step} steps
 * @param optimizerState optimizer buffers after {@code step} steps
 * @param bestMetric     best tracked evaluation metric so far, NaN if none
 * @param totalQueries   objective evaluations spent so far
 * @param wallSeconds    wall-clock seconds spent so far
 * @param seed           the run's seed
 * @param configHash     hash of the run's configuration, as given to the trainer
 */
public record Checkpoint(int step, double[] theta, OptimizerState optimizerState, double bestMetric,
                         long totalQueries, double wallSeconds, long seed, String configHash) {

    public Checkpoint {
        if (step < 0) {
            throw new IllegalArgumentException("negative checkpoint step " + step);
        }
        theta = theta.clone();
        Objects.requireNonNull(optimizerState, "optimizerState");
        Objects.requireNonNull(configHash, "configHash");
    }

    @Override
    public double[] theta() {
        return theta.clone();
    }

    /** Number of parameters, without copying them. */
    public int dimension() {
        return theta.length;
    }

    /**
     * Checks that this checkpoint, read from {@code file}, belongs to a run with these settings.
     *
     * @throws CheckpointMismatchException naming the file and the first difference
     */
    public void requireCompatible(Path file, int dimension, String configHash, long seed) {
        if (theta.length != dimension) {
            throw new CheckpointMismatchException(file, "the parameter count", dimension, theta.length);
        }
        if (!this.configHash.equals(configHash)) {
            throw new CheckpointMismatchException(file, "the configuration hash", configHash, this.configHash);
        }
        if (this.seed != seed) {
            throw new CheckpointMismatchException(file, "the seed", seed, this.seed);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && c.step == step && java.util.Arrays.equals(c.theta, theta)
                && c.optimizerState.equals(optimizerState) && Double.compare(c.bestMetric, bestMetric) == 0
                && c.totalQueries == totalQueries && Double.compare(c.wallSeconds, wallSeconds) == 0
                && c.seed == seed && c.configHash.equals(configHash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(step, java.util.Arrays.hashCode(theta), optimizerState, bestMetric, totalQueries,
                wallSeconds, seed, configHash);
    }

    @Override
    public String toString() {
        return "Checkpoint[step " + step + ", " + theta.length + " parameters, " + optimizerState + ", config "
                + configHash + ", seed " + seed + "]";
    }
}
