package org.deepzero.zo.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of an {@link Optimizer}'s state: the name of the algorithm, the number of updates it
 * has applied, and its per-coordinate buffers (e.g. the momentum buffer, or Adam's first and second
 * moments). Immutable: the buffers are copied in and out.
 *
 * @param algorithm name of the algorithm that wrote it, e.g. {@code "sgd"}
 * @param updates   number of updates applied so far
 * @param buffers   per-coordinate buffers, in an order fixed by the algorithm; empty before the first update
 */
public record OptimizerState(String algorithm, long updates, List<double[]> buffers) {

    public OptimizerState {
        Objects.requireNonNull(algorithm, "algorithm");
        if (updates < 0) {
            throw new IllegalArgumentException("negative update count " + updates);
        }
        List<double[]> copy = new ArrayList<>(buffers.size());
        for (double[] b : buffers) {
            copy.add(b.clone());
        }
        buffers = Collections.unmodifiableList(copy);
    }

    /** Copies of the buffers. */
    @Override
    public List<double[]> buffers() {
        List<double[]> copy = new ArrayList<>(buffers.size());
        for (double[] b : buffers) {
            copy.add(b.clone());
        }
        return copy;
    }

    /** Number of buffers, without copying them. */
    public int bufferCount() {
        return buffers.size();
    }

    /** Length of buffer {@code i}, without copying it. */
    public int bufferLength(int i) {
        return buffers.get(i).length;
    }

    /** Checks that this state was written by {@code expected}; used by {@link Optimizer#restore}. */
    void requireAlgorithm(String expected) {
        if (!algorithm.equals(expected)) {
            throw new IllegalArgumentException("optimizer state written by '" + algorithm
                    + "' cannot be restored into '" + expected + "'");
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OptimizerState s) || !s.algorithm.equals(algorithm) || s.updates != updates
                || s.buffers.size() != buffers.size()) {
            return false;
        }
        for (int i = 0; i < buffers.size(); i++) {
            if (!java.util.Arrays.equals(s.buffers.get(i), buffers.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(algorithm, updates);
        for (double[] b : buffers) {
            h = 31 * h + java.util.Arrays.hashCode(b);
        }
        return h;
    }

    @Override
    public String toString() {
        return "OptimizerState[" + algorithm + ", " + updates + " updates, " + buffers.size() + " buffers]";
    }
}
