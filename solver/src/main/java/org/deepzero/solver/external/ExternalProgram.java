package org.deepzero.solver.external;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An external solver program and how to run it: the command (program and arguments), the folder it
 * runs in, the start message's settings, and how long a start and a step may take before the process
 * counts as hung.
 *
 * @param command      program and arguments; the program is looked up on {@code PATH} unless it has a '/'
 * @param directory    working directory (the case folder)
 * @param settings     the settings text of the start message: {@code key = value} lines
 * @param stepTimeout  longest wait for the answer to one step
 * @param startTimeout longest wait for the start handshake
 * @param caseFile     the case file that named the program (for messages about a program that does not start)
 */
public record ExternalProgram(List<String> command, Path directory, String settings, Duration stepTimeout,
                              Duration startTimeout, Path caseFile) {
    /** Checks the values. */
    public ExternalProgram {
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(settings, "settings");
        if (stepTimeout.isNegative() || stepTimeout.isZero() || startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("time-outs must be positive, got " + stepTimeout + ", " + startTimeout);
        }
    }

    /** @return the command as one line, for messages */
    public String display() {
        return String.join(" ", command);
    }
}
