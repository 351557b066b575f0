package org.deepzero.solver.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reading the project's text inputs (case and mesh files) with one-line errors that name the file. */
public final class TextFiles {
    private TextFiles() {
    }

    /**
     * The lines of a UTF-8 text file.
     *
     * @param file the file
     * @param kind what it is, for the message, e.g. {@code "case file"}
     * @throws InputException when it cannot be read
     */
    public static List<String> readLines(Path file, String kind) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InputException(file + ": not a UTF-8 " + kind + " (invalid byte at offset "
                    + firstInvalidByte(file) + ")");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read " + kind + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    /** Offset of the first byte that is not valid UTF-8, or -1 when the file reads as UTF-8 (or not at all). */
    static long firstInvalidByte(Path file) {
        try {
            java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(Files.readAllBytes(file));
            java.nio.CharBuffer out = java.nio.CharBuffer.allocate(in.remaining() + 1);
            java.nio.charset.CoderResult r = StandardCharsets.UTF_8.newDecoder().decode(in, out, true);
            return r.isError() ? in.position() : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
