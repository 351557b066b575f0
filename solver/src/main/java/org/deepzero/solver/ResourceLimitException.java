package org.deepzero.solver;

import org.deepzero.solver.io.InputException;

/**
 * A command that cannot fit in the Java heap or on the disk with the settings given: found before
 * any work starts, reported as one line that names the setting to change, like any bad input.
 */
public class ResourceLimitException extends InputException {
    private static final long serialVersionUID = 1L;

    /** @param message what is needed, what is available, and which setting to change */
    public ResourceLimitException(String message) {
        super(message);
    }
}
