package org.deepzero.zo.cluster;

import org.deepzero.zo.query.ObjectiveRecipe;
import org.deepzero.zo.query.QueryBatch;
import org.deepzero.zo.query.QueryChunks;

/** A query batch's job: the objective's recipe and the queries (θ included); its units are the batch's chunks. */
record BatchContext(ObjectiveRecipe recipe, WireBatch batch) implements JobContext {

    @Override
    public MemberCache.Units prepare() {
        var objective = MemberCache.objective(recipe);
        QueryBatch b = batch.toBatch();
        return new MemberCache.Units(c -> QueryChunks.evaluateMetered(objective, b, c), true);
    }

    @Override
    public long bytes() {
        return batch.bytes();
    }
}
