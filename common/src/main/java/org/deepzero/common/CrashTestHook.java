package org.deepzero.common;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hook for the kill -9 tests only. With {@code -Ddeepzero.test.killPoint=SUFFIX:N} the N-th write
 * of the process to a file whose name ends with SUFFIX (e.g. {@code .dzck:2}, {@code .params:1},
 * {@code .jsonl:3}) stops at its most fragile moment (temporary file written and forced, not yet
 * moved into place; half a metrics line on disk), says so on standard error and waits to be killed.
 * Without the property it does nothing, and it never changes what is written.
 */
public final class CrashTestHook {
    private static final String POINT = System.getProperty("deepzero.test.killPoint", "");
    private static final String SUFFIX = POINT.contains(":") ? POINT.substring(0, POINT.lastIndexOf(':')) : "";
    private static final int WHICH =
            POINT.contains(":") ? Integer.parseInt(POINT.substring(POINT.lastIndexOf(':') + 1)) : 0;
    private static final AtomicInteger SEEN = new AtomicInteger();

    private CrashTestHook() {
    }

    /** True when writes to {@code file} are watched (so a log line may be written in two halves). */
    public static boolean watches(Path file) {
        return !SUFFIX.isEmpty() && file.getFileName().toString().endsWith(SUFFIX);
    }

    /** Stops here, waiting to be killed, if this is the watched write. */
    public static void pause(Path file) {
        if (!watches(file) || SEEN.incrementAndGet() != WHICH) {
            return;
        }
        System.err.println("deepzero.test: stopped writing " + file + " (waiting to be killed)");
        System.err.flush();
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
