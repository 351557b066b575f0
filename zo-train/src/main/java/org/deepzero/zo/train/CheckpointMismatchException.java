package org.deepzero.zo.train;

import java.nio.file.Path;
import org.deepzero.common.InputException;

/** A checkpoint that cannot continue this run (another parameter count, configuration or seed): an input mistake. */
public final class CheckpointMismatchException extends InputException {

    private static final long serialVersionUID = 1L;

    public CheckpointMismatchException(Path file, String what, Object expected, Object found) {
        super(file, "checkpoint " + file + " does not match this run: " + what + " is " + found + " in the file but "
                + expected + " here", (Throwable) null);
    }
}
