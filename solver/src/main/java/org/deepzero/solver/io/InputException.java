package org.deepzero.solver.io;

import java.nio.file.Path;

/**
 * Bad user input in a case or mesh file: the project's {@link org.deepzero.common.InputException} with
 * the message {@code <file>:<line>: [section] key: what is wrong}, fit to print as it is; the CLI exits 2.
 */
public class InputException extends org.deepzero.common.InputException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file    the file at fault
     * @param line    1-based line, or 0 when the problem is not on one line (e.g. a missing section)
     * @param section the section (without brackets), or null
     * @param key     the key, or null
     * @param problem what is wrong
     */
    public InputException(Path file, int line, String section, String key, String problem) {
        super(file, format(file, line, section, key, problem), (Throwable) null);
    }

    /** @param message the complete one-line message */
    public InputException(String message) {
        super(message);
    }

    private static String format(Path file, int line, String section, String key, String problem) {
        StringBuilder b = new StringBuilder().append(file);
        if (line > 0) {
            b.append(':').append(line);
        }
        b.append(": ");
        if (section != null) {
            b.append('[').append(section).append("] ");
        }
        if (key != null) {
            b.append(key).append(": ");
        }
        return b.append(problem.replace('\n', ' ')).toString();
    }
}
