package org.deepzero.zo.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.deepzero.common.Hashing;
import org.deepzero.zo.nn.TestNets;
import org.deepzero.zo.objective.CrossEntropyLoss;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.objective.QueryOptions;
import org.deepzero.zo.objective.StagedObjective;
import org.deepzero.zo.param.ParameterSpace;
import org.deepzero.zo.query.DataMismatchException;
import org.deepzero.zo.query.ObjectiveRecipe;
import org.deepzero.zo.query.QueryBatch;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The small test CNN on a seeded mini-batch, with all query speed-ups (as vision trains), optionally
 * slowed down per query (to kill a member mid-step) and tied to a data file whose hash members check.
 * In float32 (as vision trains) a stacked query's last bits depend on the queries it is stacked with.
 */
record SmallCnnRecipe(long seed, int batch, long delayMillisPerQuery, String dataFile, String dataHash, boolean float32)
        implements ObjectiveRecipe {

    SmallCnnRecipe(long seed, int batch, long delayMillisPerQuery, String dataFile, String dataHash) {
        this(seed, batch, delayMillisPerQuery, dataFile, dataHash, false);
    }

    @Override
    public Objective build() {
        if (dataFile != null) {
            try {
                String local = Hashing.sha256(Path.of(dataFile));
                if (!local.equals(dataHash)) {
                    throw new DataMismatchException("data file " + dataFile + " has hash " + local.substring(0, 12)
                            + " here, the training process has " + dataHash.substring(0, Math.min(12, dataHash.length())));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        DataType type = float32 ? DataType.FLOAT : DataType.DOUBLE;
        StagedObjective o = new StagedObjective(TestNets.small(type), TestNets.gaussian(seed, batch, 2, 8, 8).castTo(type),
                new CrossEntropyLoss(TestNets.labels(seed + 1, batch, 3), 3), QueryOptions.all(8));
        return delayMillisPerQuery == 0 ? o : new Slow(o, delayMillisPerQuery);
    }

    /** Sleeps per query, so a step lasts long enough to lose a member in it. */
    private record Slow(Objective inner, long millis) implements Objective {
        @Override
        public ParameterSpace space() {
            return inner.space();
        }

        @Override
        public double value(double[] theta) {
            return values(new QueryBatch(theta, java.util.List.of(new org.deepzero.zo.query.Query.Coordinate(0, 0.0))))[0];
        }

        @Override
        public double[] values(QueryBatch batch) {
            try {
                Thread.sleep(millis * batch.size());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return inner.values(batch);
        }
    }
}
