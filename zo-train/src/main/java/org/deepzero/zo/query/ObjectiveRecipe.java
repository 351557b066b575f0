package org.deepzero.zo.query;

import java.io.Serializable;
import org.deepzero.zo.objective.Objective;

/**
 * A small serialisable description of an objective from which another JVM (a cluster member) rebuilds
 * it: which model, which data on the member's own disk (with its hash), which mini-batch. Never the
 * objective's arrays themselves. Implementations are value records: members cache the built objective
 * by {@code equals}, so two equal recipes must build objectives with identical values.
 */
public interface ObjectiveRecipe extends Serializable {

    /**
     * Builds the objective on this JVM.
     *
     * @throws DataMismatchException when this machine's data differ from the data the recipe names
     */
    Objective build();
}
