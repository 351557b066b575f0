package org.deepzero.zo.query;

/**
 * A task set whose tasks spend a counted outside resource, such as the queries of a black box they
 * call: the task-set form of {@link MeteredObjective}. On a cluster a member runs its tasks through
 * {@link #runMetered}, the calls come back with the numbers, and the training process adds those of the
 * tasks it uses to its own count ({@link #addCalls}), so the count is the one the local executor gives.
 */
public interface MeteredTaskSet extends TaskSet {

    /**
     * {@link #run} of task {@code i} together with the outside calls made for this call alone (not those
     * of tasks running at the same time on other threads).
     */
    MeteredObjective.Metered runMetered(int i);

    /** Counts {@code calls} made for this set's tasks elsewhere (on a cluster member). */
    void addCalls(long calls);
}
