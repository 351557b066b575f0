package org.deepzero.zo.query;

/**
 * One perturbed point {@code theta + delta} relative to the base point of a {@link QueryBatch}.
 * A coordinate query touches one coordinate, which objectives exploit (feature reuse, linear-stage
 * deltas); a direction query moves along a dense vector.
 */
public sealed interface Query permits Query.Coordinate, Query.Direction {

    /** Writes the perturbed point into {@code point}, which holds the base point on entry. */
    void applyTo(double[] point);

    /** Restores {@code point} to {@code base} after {@link #applyTo}. */
    void undo(double[] point, double[] base);

    /** {@code theta[index] += delta}. */
    record Coordinate(int index, double delta) implements Query {
        @Override
        public void applyTo(double[] point) {
            point[index] += delta;
        }

        @Override
        public void undo(double[] point, double[] base) {
            point[index] = base[index];
        }
    }

    /** {@code theta += scale * direction}; the direction array is shared, not copied, and must not change. */
    record Direction(double[] direction, double scale) implements Query {
        @Override
        public void applyTo(double[] point) {
            for (int i = 0; i < point.length; i++) {
                point[i] += scale * direction[i];
            }
        }

        @Override
        public void undo(double[] point, double[] base) {
            System.arraycopy(base, 0, point, 0, point.length);
        }
    }
}
