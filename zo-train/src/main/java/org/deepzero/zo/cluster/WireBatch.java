package org.deepzero.zo.cluster;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.deepzero.zo.query.Query;
import org.deepzero.zo.query.QueryBatch;

/**
 * A {@link QueryBatch} in a form that crosses the network: the base point once, coordinate queries as
 * (index, delta) pairs, direction queries as their vectors (indexed by {@code direction[i] >= 0}).
 */
record WireBatch(double[] base, int[] index, double[] delta, int[] direction, double[][] vectors)
        implements Serializable {

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
        return new WireBatch(batch.base(), index, delta, direction, vectors.toArray(double[][]::new));
    }

    QueryBatch toBatch() {
        List<Query> queries = new ArrayList<>(index.length);
        for (int i = 0; i < index.length; i++) {
            queries.add(direction[i] < 0 ? new Query.Coordinate(index[i], delta[i])
                    : new Query.Direction(vectors[direction[i]], delta[i]));
        }
        return new QueryBatch(base, queries);
    }
}
