package org.deepzero.zo.cluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.query.ObjectiveRecipe;
import org.deepzero.zo.query.QueryBatch;

/**
 * What one member JVM keeps between chunks: the objectives it rebuilt (by recipe) and the batches of
 * the last few steps (θ arrives once per step and member), plus its throughput counters.
 */
final class MemberCache {
    /** Objectives and batches kept; a step uses one of each, a few cover overlapping steps. */
    private static final int KEEP = 4;

    private static final Map<ObjectiveRecipe, Objective> OBJECTIVES = lru();
    private static final Map<String, Prepared> BATCHES = lru();
    static final AtomicLong QUERIES = new AtomicLong();
    static final AtomicLong BUSY_NANOS = new AtomicLong();

    record Prepared(Objective objective, QueryBatch batch) {
    }

    private MemberCache() {
    }

    private static <K, V> Map<K, V> lru() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> e) {
                return size() > KEEP;
            }
        };
    }

    /** The batch {@code batchId}, prepared from {@code context} when given and not yet held. */
    static Prepared prepared(String batchId, BatchContext context) {
        synchronized (BATCHES) {
            Prepared p = BATCHES.get(batchId);
            if (p != null) {
                return p;
            }
        }
        if (context == null) {
            throw new ContextMissingException(batchId);
        }
        Objective objective;
        // building loads data: one build per recipe, other chunks of the step wait for it
        synchronized (OBJECTIVES) {
            objective = OBJECTIVES.get(context.recipe());
            if (objective == null) {
                objective = context.recipe().build();
                OBJECTIVES.put(context.recipe(), objective);
            }
        }
        Prepared p = new Prepared(objective, context.batch().toBatch());
        synchronized (BATCHES) {
            BATCHES.putIfAbsent(batchId, p);
            return BATCHES.get(batchId);
        }
    }
}
