package org.deepzero.zo.query;

/**
 * A machine's data differ from the data an {@link ObjectiveRecipe} names (other file hash): the member
 * must be refused, never used. The message is one line naming the file and both hashes.
 */
public final class DataMismatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataMismatchException(String message) {
        super(message);
    }
}
