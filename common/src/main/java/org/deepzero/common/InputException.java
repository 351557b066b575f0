package org.deepzero.common;

import java.nio.file.Path;

/**
 * A mistake in what the user gave: a case, mesh, data or parameter file, a command-line argument,
 * a run folder of other settings. Its message is one line naming where (file, and line or key or
 * byte offset) and what is wrong, fit to print as it is; the command line exits 2 on it without a
 * stack trace. Every other exception is a failure of the program or of the machine.
 * <p>
 * Not an {@link IllegalArgumentException} on purpose: a programming error must never be reported
 * as the user's mistake.
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param file    the file at fault, or null when the input is not a file (an argument)
     * @param where   the key, argument, {@code line N} or {@code offset N} within it, or null
     * @param problem what is wrong, and the fix when known
     */
    public InputException(Path file, String where, String problem) {
        this(file, format(file, where, problem), (Throwable) null);
    }

    /**
     * @param file    the file at fault, or null
     * @param message the complete one-line message, already naming file and place
     * @param cause   the underlying failure, or null
     */
    public InputException(Path file, String message, Throwable cause) {
        super(oneLine(message), cause);
        this.file = file;
    }

    /** A mistake in {@code file}, described by a complete one-line message that names the file. */
    public InputException(Path file, String message) {
        this(file, message, (Throwable) null);
    }

    /** An input mistake described by a complete one-line message. */
    public InputException(String message) {
        this(null, message, (Throwable) null);
    }

    /** An input mistake described by a complete one-line message, with its underlying cause. */
    public InputException(String message, Throwable cause) {
        this(null, message, cause);
    }

    /** The file at fault, or null when the input was not a file. */
    public Path file() {
        return file;
    }

    private static String format(Path file, String where, String problem) {
        StringBuilder b = new StringBuilder();
        if (file != null) {
            b.append(file).append(": ");
        }
        if (where != null) {
            b.append(where).append(": ");
        }
        return b.append(problem).toString();
    }

    private static String oneLine(String message) {
        return message == null ? null : message.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }
}
