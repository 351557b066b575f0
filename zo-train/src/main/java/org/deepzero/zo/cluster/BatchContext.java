package org.deepzero.zo.cluster;

import java.io.Serializable;
import org.deepzero.zo.query.ObjectiveRecipe;

/** What a member needs once per batch: the objective's recipe and the queries (θ included). */
record BatchContext(ObjectiveRecipe recipe, WireBatch batch) implements Serializable {
}
