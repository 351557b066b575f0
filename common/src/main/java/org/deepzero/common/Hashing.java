package org.deepzero.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 hashes of settings and files, in lower-case hex. Settings are hashed over their canonical
 * JSON ({@link Json#canonical}), never over a {@code toString()} whose form may change with the
 * code; text files over their UTF-8 bytes with line endings normalised, so a checkout with CRLF
 * endings hashes like one with LF. What a hash covers decides which cached results are reused, so
 * each caller documents it.
 */
public final class Hashing {

    private Hashing() {
    }

    /** SHA-256 of {@code bytes}, 64 hex digits. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** SHA-256 of the values' IEEE 754 bits, big-endian (equal arrays, bit for bit, hash alike). */
    public static String sha256(double[] values) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 * values.length);
        b.asDoubleBuffer().put(values);
        return sha256(b.array());
    }

    /** SHA-256 of the values, 4 bytes each, big-endian. */
    public static String sha256(int[] values) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * values.length);
        b.asIntBuffer().put(values);
        return sha256(b.array());
    }

    /** SHA-256 of a file's bytes. */
    public static String sha256(java.nio.file.Path file) throws java.io.IOException {
        return sha256(java.nio.file.Files.readAllBytes(file));
    }

    /** SHA-256 of the canonical JSON of {@code settings} (a map, list, record or scalar). */
    public static String ofSettings(Object settings) {
        return sha256(Json.canonical(settings).getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 of a text's UTF-8 bytes after {@code \r\n} and {@code \r} become {@code \n}. */
    public static String ofText(String text) {
        return sha256(text.replace("\r\n", "\n").replace('\r', '\n').getBytes(StandardCharsets.UTF_8));
    }
}
