package org.deepzero.vision.data;

import java.nio.file.Path;
import org.deepzero.common.InputException;

/**
 * A CIFAR-10 file or folder that cannot be read as the binary record format: missing, truncated,
 * foreign (size not a multiple of the record length) or with a label outside 0..9.
 * <p>
 * An {@link InputException}, so the command line reports it as a user error (exit code 2);
 * the message names the file and the problem.
 */
public final class CifarFormatException extends InputException {
    private static final long serialVersionUID = 1L;

    public CifarFormatException(Path file, String problem) {
        super(file, null, problem);
    }
}
