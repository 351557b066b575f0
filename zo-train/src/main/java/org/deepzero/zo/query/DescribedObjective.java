package org.deepzero.zo.query;

import java.util.Objects;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.param.ParameterSpace;

/**
 * An objective together with the recipe that rebuilds it elsewhere: this JVM evaluates through
 * {@code local}; a cluster executor ships {@code recipe} to its members instead of the objective.
 * The two must agree value for value (the recipe is how {@code local} was built).
 */
public record DescribedObjective(Objective local, ObjectiveRecipe recipe) implements Objective {

    public DescribedObjective {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(recipe, "recipe");
    }

    @Override
    public ParameterSpace space() {
        return local.space();
    }

    @Override
    public double value(double[] theta) {
        return local.value(theta);
    }

    @Override
    public double[] values(QueryBatch batch) {
        return local.values(batch);
    }
}
