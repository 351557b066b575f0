package org.deepzero.zo.cluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.query.MeteredObjective;
import org.deepzero.zo.query.ObjectiveRecipe;

/**
 * What one member JVM keeps between chunks: the objectives it rebuilt (by recipe) and the jobs of the
 * last few steps (θ arrives once per job and member), plus its throughput counters.
 */
final class MemberCache {
    /** Objectives and jobs kept; a step uses one of each, a few cover overlapping steps. */
    private static final int KEEP = 4;

    private static final Map<ObjectiveRecipe, Objective> OBJECTIVES = lru();
    private static final Map<String, Units> JOBS = lru();
    static final AtomicLong QUERIES = new AtomicLong();
    static final AtomicLong BUSY_NANOS = new AtomicLong();

    /**
     * A prepared job: unit {@code c}'s numbers and the outside calls they spent.
     *
     * @param perValue whether each number is one query (a chunk's values) or the unit is one task
     */
    record Units(IntFunction<MeteredObjective.Metered> evaluate, boolean perValue) {
        MeteredObjective.Metered unit(int c) {
            return evaluate.apply(c);
        }
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

    /** The job {@code jobId}, prepared from {@code context} when given and not yet held. */
    static Units prepared(String jobId, JobContext context) {
        synchronized (JOBS) {
            Units p = JOBS.get(jobId);
            if (p != null) {
                return p;
            }
        }
        if (context == null) {
            throw new ContextMissingException(jobId);
        }
        Units p = context.prepare();
        synchronized (JOBS) {
            JOBS.putIfAbsent(jobId, p);
            return JOBS.get(jobId);
        }
    }

    /** The objective of {@code recipe}; building loads data: one build per recipe, other chunks wait for it. */
    static Objective objective(ObjectiveRecipe recipe) {
        synchronized (OBJECTIVES) {
            Objective objective = OBJECTIVES.get(recipe);
            if (objective == null) {
                objective = recipe.build();
                OBJECTIVES.put(recipe, objective);
            }
            return objective;
        }
    }
}
