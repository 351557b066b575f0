package org.deepzero.zo.cluster;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.deepzero.zo.query.Query;
import org.deepzero.zo.query.QueryBatch;
import org.deepzero.zo.query.SeededDirections;

/**
 * A {@link QueryBatch} in a form that crosses the network: the base point once, coordinate queries as
 * (index, delta) pairs, direction queries (indexed by {@code direction[i] >= 0}) as what drew them
 * ({@code seeded}: a generator position, redrawn here bit for bit) when the batch knows it, else as
 * their vectors.
 */
record WireBatch(double[] base, int[] index, double[] delta, int[] direction, SeededDirections seeded,
                 double[][] vectors) implements Serializable {

    static WireBatch of(QueryBatch batch) {
        int n = batch.size();
        int[] index = new int[n];
        double[] delta = new double[n];
        int[] direction = new int[n];
        List<double[]> vectors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            direction[i] = -1;
            if (batch.query(i) instanceof Query.Coordinate c) {
                index[i] = c.index();
                delta[i] = c.delta();
            } else if (batch.query(i) instanceof Query.Direction d) {
                delta[i] = d.scale();
                direction[i] = vectors.size();
                vectors.add(d.direction());
            }
        }
        SeededDirections seeded = batch.directions();
        return new WireBatch(batch.base(), index, delta, direction, seeded,
                seeded != null ? new double[0][] : vectors.toArray(double[][]::new));
    }

    /** Bytes of numbers this batch carries (θ, queries, directions), for the executor's counters. */
    long bytes() {
        long b = 8L * base.length + 16L * index.length + 8L * vectors.length * (long) base.length;
        if (seeded != null) {
            b += 24 + (seeded.subspace() == null ? 0 : 4L * seeded.subspace().length);
        }
        return b;
    }

    QueryBatch toBatch() {
        double[][] v = seeded != null ? seeded.draw().vectors() : vectors;
        List<Query> queries = new ArrayList<>(index.length);
        for (int i = 0; i < index.length; i++) {
            queries.add(direction[i] < 0 ? new Query.Coordinate(index[i], delta[i])
                    : new Query.Direction(v[direction[i]], delta[i]));
        }
        return new QueryBatch(base, queries, seeded);
    }
}
