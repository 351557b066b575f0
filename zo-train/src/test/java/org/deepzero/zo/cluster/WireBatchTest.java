package org.deepzero.zo.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deepzero.zo.estimate.Rge;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.param.ParameterSpace;
import org.deepzero.zo.query.Query;
import org.deepzero.zo.query.QueryBatch;
import org.deepzero.zo.query.QueryExecutor;
import org.junit.jupiter.api.Test;

/** RGE batches cross the network as a generator position; the member's directions equal the trainer's. */
class WireBatchTest {

    /** Captures the batches an estimator hands to its executor, as a member would receive them. */
    private static final class Capturing implements QueryExecutor {
        final List<QueryBatch> sent = new ArrayList<>();
        final List<Integer> serialisedBytes = new ArrayList<>();

        @Override
        public double[] evaluate(Objective objective, QueryBatch batch) {
            sent.add(batch);
            return objective.values(batch);
        }
    }

    private record Sum(ParameterSpace space) implements Objective {
        @Override
        public double value(double[] theta) {
            double s = 0;
            for (int i = 0; i < theta.length; i++) {
                s += Math.cos(theta[i] * (i + 1));
            }
            return s;
        }
    }

    private static WireBatch overTheWire(WireBatch w, List<Integer> sizes) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(w);
        }
        sizes.add(bytes.size());
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (WireBatch) in.readObject();
        }
    }

    @Test
    void rgeDirectionsRebuiltFromTheirSeedEqualTheTrainersBitForBit() throws Exception {
        int d = 500;
        Objective f = new Sum(ParameterSpace.builder().add("theta", "sum", 0, d).build());
        boolean[] half = new boolean[d];
        for (int i = 0; i < d; i += 2) {
            half[i] = true;
        }
        for (Rge rge : List.of(new Rge(40, 5e-3, Rge.Directions.UNIT_SPHERE),
                new Rge(20, 5e-3, Rge.Directions.GAUSSIAN).restrictedTo(half))) {
            Capturing x = new Capturing();
            rge.estimate(f, new double[d], x, new SplittableRandom(8));
            List<QueryBatch> directionBatches = x.sent.stream().filter(b -> b.query(0) instanceof Query.Direction).toList();
            assertEquals((rge.q() + 15) / 16, directionBatches.size());
            for (QueryBatch b : directionBatches) {
                assertNotNull(b.directions(), "an RGE batch says how its directions were drawn");
                WireBatch w = WireBatch.of(b);
                assertEquals(0, w.vectors().length, "no dense vector travels");
                QueryBatch member = overTheWire(w, x.serialisedBytes).toBatch();
                assertEquals(b.size(), member.size());
                for (int i = 0; i < b.size(); i++) {
                    Query.Direction want = (Query.Direction) b.query(i);
                    Query.Direction got = assertInstanceOf(Query.Direction.class, member.query(i));
                    assertArrayEquals(want.direction(), got.direction(), "direction " + i);
                    assertEquals(want.scale(), got.scale());
                }
            }
            // θ (8·d bytes) and a position, not 16 directions of 8·d bytes
            for (int size : x.serialisedBytes) {
                assertTrue(size < 8 * d + 4 * d + 2000, "a batch of " + size + " bytes");
            }
        }
    }

    /** Directions without a seed (built by hand) still travel, as vectors. */
    @Test
    void unseededDirectionsTravelAsVectors() throws Exception {
        double[] u = {0.6, 0.8};
        QueryBatch b = new QueryBatch(new double[] {1, 2}, List.of(new Query.Direction(u, 0.1), new Query.Coordinate(1, 0.2)));
        QueryBatch member = overTheWire(WireBatch.of(b), new ArrayList<>()).toBatch();
        assertArrayEquals(u, ((Query.Direction) member.query(0)).direction());
        assertEquals(new Query.Coordinate(1, 0.2), member.query(1));
    }
}
