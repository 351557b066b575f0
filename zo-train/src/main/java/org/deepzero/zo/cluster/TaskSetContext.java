package org.deepzero.zo.cluster;

import org.deepzero.zo.query.MeteredObjective;
import org.deepzero.zo.query.MeteredTaskSet;
import org.deepzero.zo.query.TaskSet;
import org.deepzero.zo.query.TaskSetRecipe;

/**
 * A task set's job: its recipe (θ inside); its units are the tasks. A {@link MeteredTaskSet} reports the
 * outside calls of each task with its numbers.
 */
record TaskSetContext(TaskSetRecipe recipe) implements JobContext {

    @Override
    public MemberCache.Units prepare() {
        TaskSet tasks = recipe.build();
        if (tasks instanceof MeteredTaskSet metered) {
            return new MemberCache.Units(metered::runMetered, false);
        }
        return new MemberCache.Units(c -> new MeteredObjective.Metered(tasks.run(c), 0), false);
    }

    @Override
    public long bytes() {
        return 0;
    }
}
