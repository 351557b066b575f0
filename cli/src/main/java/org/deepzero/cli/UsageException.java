package org.deepzero.cli;

import org.deepzero.common.InputException;

/** A malformed command line: an input mistake printed as one line, exit code 2. */
public final class UsageException extends InputException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
