package org.deepzero.zo.cluster;

import org.deepzero.zo.query.MeteredObjective;
import org.deepzero.zo.query.TaskSet;
import org.deepzero.zo.query.TaskSetRecipe;

/** A task set's job: its recipe (θ inside); its units are the tasks. */
record TaskSetContext(TaskSetRecipe recipe) implements JobContext {

    @Override
    public MemberCache.Units prepare() {
        TaskSet tasks = recipe.build();
        return new MemberCache.Units(c -> new MeteredObjective.Metered(tasks.run(c), 0), false);
    }

    @Override
    public long bytes() {
        return 0;
    }
}
