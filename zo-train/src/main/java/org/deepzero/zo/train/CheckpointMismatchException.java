package org.deepzero.zo.train;

import java.nio.file.Path;

/** A checkpoint that cannot continue this run: another parameter count, configuration or seed. */
public final class CheckpointMismatchException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public CheckpointMismatchException(Path file, String what, Object expected, Object found) {
        super("checkpoint " + file + " does not match this run: " + what + " is " + found + " in the file but "
                + expected + " here");
        this.file = file;
    }

    /** The checkpoint file. */
    public Path file() {
        return file;
    }
}
