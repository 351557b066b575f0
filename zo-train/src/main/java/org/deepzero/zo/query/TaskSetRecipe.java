package org.deepzero.zo.query;

import java.io.Serializable;

/**
 * A small serialisable description of a {@link TaskSet} from which a cluster member rebuilds it from
 * its own data (verified by hash, as an {@link ObjectiveRecipe} is). The rebuilt set must give the same
 * numbers as the one it describes.
 */
public interface TaskSetRecipe extends Serializable {

    /**
     * Builds the task set on this JVM.
     *
     * @throws DataMismatchException when this machine's data differ from the data the recipe names
     */
    TaskSet build();
}
