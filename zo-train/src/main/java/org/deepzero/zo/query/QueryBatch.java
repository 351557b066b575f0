package org.deepzero.zo.query;

import java.util.List;
import java.util.Objects;

/**
 * Perturbed points around one base point, evaluated together so that an objective or executor can
 * share work between them. The base array is shared, not copied, and must not change while the batch
 * is in use.
 */
public final class QueryBatch {
    private final double[] base;
    private final List<Query> queries;

    public QueryBatch(double[] base, List<? extends Query> queries) {
        this.base = Objects.requireNonNull(base, "base");
        this.queries = List.copyOf(queries);
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

    /** The queries {@code [from, to)} around the same base. */
    public QueryBatch slice(int from, int to) {
        return new QueryBatch(base, queries.subList(from, to));
    }
}
