package org.deepzero.zo.query;

import java.util.List;
import java.util.Objects;

/**
 * Perturbed points around one base point, evaluated together so that an objective or executor can
 * share work between them. The base array is shared, not copied, and must not change while the batch
 * is in use. A batch of random directions may say how they were drawn ({@link #directions()}), so that
 * an executor can send that instead of the vectors.
 */
public final class QueryBatch {
    private final double[] base;
    private final List<Query> queries;
    private final SeededDirections directions;

    public QueryBatch(double[] base, List<? extends Query> queries) {
        this(base, queries, null);
    }

    /**
     * @param directions what drew the vectors of the direction queries, in query order (they must be
     *                   exactly {@code directions.draw().vectors()}), or null
     */
    public QueryBatch(double[] base, List<? extends Query> queries, SeededDirections directions) {
        this.base = Objects.requireNonNull(base, "base");
        this.queries = List.copyOf(queries);
        if (directions != null) {
            long n = this.queries.stream().filter(q -> q instanceof Query.Direction).count();
            if (n != directions.count() || directions.dimension() != base.length) {
                throw new IllegalArgumentException("seeded directions for " + directions.count() + " of dimension "
                        + directions.dimension() + ", the batch has " + n + " direction queries of dimension " + base.length);
            }
        }
        this.directions = directions;
    }

    public double[] base() {
        return base;
    }

    public int size() {
        return queries.size();
    }

    public Query query(int i) {
        return queries.get(i);
    }

    public List<Query> queries() {
        return queries;
    }

    /** What drew the direction queries' vectors, or null when not known. */
    public SeededDirections directions() {
        return directions;
    }

    /** The queries {@code [from, to)} around the same base. */
    public QueryBatch slice(int from, int to) {
        return new QueryBatch(base, queries.subList(from, to));
    }
}
