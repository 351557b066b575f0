package org.deepzero.zo.query;

import org.deepzero.zo.objective.Objective;

/**
 * An objective whose evaluations spend a counted outside resource, such as the queries of a black box
 * it calls. On a cluster a member evaluates its chunks through {@link #valuesMetered}, the calls come
 * back with the values, and the training process adds those of the values it uses to its own count
 * ({@link #addCalls}), so the count is the one the local executor gives.
 */
public interface MeteredObjective extends Objective {

    /** Values and the outside calls spent on them. */
    record Metered(double[] values, long calls) {
    }

    /**
     * {@link #values} of {@code batch} together with the outside calls made for this call alone (not
     * those of calls running at the same time on other threads).
     */
    Metered valuesMetered(QueryBatch batch);

    /** Counts {@code calls} made for this objective's queries elsewhere (on a cluster member). */
    void addCalls(long calls);
}
