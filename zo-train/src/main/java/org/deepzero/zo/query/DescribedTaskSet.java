package org.deepzero.zo.query;

import java.util.Objects;

/**
 * A task set together with the recipe that rebuilds it elsewhere: this JVM runs {@code local}; a
 * cluster executor ships {@code recipe} to its members instead.
 */
public record DescribedTaskSet(TaskSet local, TaskSetRecipe recipe) implements TaskSet {

    public DescribedTaskSet {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(recipe, "recipe");
    }

    @Override
    public int size() {
        return local.size();
    }

    @Override
    public double[] run(int i) {
        return local.run(i);
    }
}
