package org.deepzero.zo.prune;

import java.util.Arrays;

/**
 * A set of coordinates of a parameter space, e.g. those a sparse CGE estimates at one step.
 * Stored as strictly increasing indices. Immutable.
 */
public final class CoordinateMask {

    private final int dimension;
    private final int[] indices;

    /**
     * @param dimension size of the space
     * @param indices   strictly increasing coordinates in {@code [0, dimension)}; copied
     * @throws IllegalArgumentException naming the offending index otherwise
     */
    public CoordinateMask(int dimension, int[] indices) {
        if (dimension < 0) {
            throw new IllegalArgumentException("negative dimension " + dimension);
        }
        this.dimension = dimension;
        this.indices = indices.clone();
        for (int k = 0; k < this.indices.length; k++) {
            int i = this.indices[k];
            if (i < 0 || i >= dimension) {
                throw new IllegalArgumentException("mask index " + i + " outside [0, " + dimension + ")");
            }
            if (k > 0 && i <= this.indices[k - 1]) {
                throw new IllegalArgumentException("mask indices must strictly increase, got " + this.indices[k - 1]
                        + " then " + i);
            }
        }
    }

    /** Size of the parameter space. */
    public int dimension() {
        return dimension;
    }

    /** Number of selected coordinates. */
    public int size() {
        return indices.length;
    }

    /** The selected coordinates, increasing (a copy). */
    public int[] indices() {
        return indices.clone();
    }

    /** The k-th selected coordinate. */
    public int index(int k) {
        return indices[k];
    }

    /** Whether {@code coordinate} is selected. */
    public boolean contains(int coordinate) {
        return Arrays.binarySearch(indices, coordinate) >= 0;
    }

    /** Number of selected coordinates in {@code [from, to)}. */
    public int countIn(int from, int to) {
        int a = lowerBound(from);
        int b = lowerBound(to);
        return b - a;
    }

    /** One flag per coordinate. */
    public boolean[] toBooleanArray() {
        boolean[] b = new boolean[dimension];
        for (int i : indices) {
            b[i] = true;
        }
        return b;
    }

    private int lowerBound(int value) {
        int p = Arrays.binarySearch(indices, value);
        return p >= 0 ? p : -p - 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CoordinateMask m && m.dimension == dimension && Arrays.equals(m.indices, indices);
    }

    @Override
    public int hashCode() {
        return 31 * dimension + Arrays.hashCode(indices);
    }

    @Override
    public String toString() {
        return "CoordinateMask[" + indices.length + " of " + dimension + "]";
    }
}
