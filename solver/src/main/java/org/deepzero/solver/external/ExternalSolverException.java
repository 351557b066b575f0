package org.deepzero.solver.external;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An external solver program failed a step: it crashed, hung past its time-out, broke the protocol,
 * or reported an error. The message is one line naming the program and the step, e.g.
 * {@code external program 'python3 burgers_step.py' exited with code 1 at step 12 (nu=0.1 seed=3): ...}.
 * An I/O failure of another process, hence unchecked I/O (the command line prints it in one line,
 * exit 1). The pool has already replaced a crashed or hung process when this is thrown.
 */
public class ExternalSolverException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line naming program and step
     */
    public ExternalSolverException(String message) {
        super(message, new IOException(message));
    }

    /**
     * @param message one line naming program and step
     * @param cause   the I/O failure underneath
     */
    public ExternalSolverException(String message, IOException cause) {
        super(message, cause);
    }
}
