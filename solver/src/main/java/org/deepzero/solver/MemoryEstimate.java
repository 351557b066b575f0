package org.deepzero.solver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Java heap a command will hold at its peak, summed from what it keeps (solvers, frames,
 * buffers) and checked against the heap before any work starts, so a run that cannot fit is refused
 * in a second instead of dying with an {@code OutOfMemoryError} after minutes. Immutable.
 *
 * <p>What one solver or state of a PDE holds is the PDE's to say ({@code PdeCase#solverBytes},
 * {@code PdeCase#stateBytes}); this class only sums and checks.
 *
 * @param items what is held, with its bytes
 */
public record MemoryEstimate(List<Item> items) {
    /** Heap that is never available to the command: the JVM's own objects and the collector's slack. */
    public static final long RESERVE = 16L << 20;

    /**
     * One thing a command holds.
     *
     * @param what  a short name for the message ("reference frames")
     * @param bytes its heap bytes, not negative
     */
    public record Item(String what, long bytes) {
        /** Validates. */
        public Item {
            if (bytes < 0) {
                throw new IllegalArgumentException("negative bytes for " + what);
            }
        }
    }

    /** Copies the items. */
    public MemoryEstimate {
        items = List.copyOf(items);
    }

    /** @return an estimate that holds nothing yet */
    public static MemoryEstimate none() {
        return new MemoryEstimate(List.of());
    }

    /**
     * @param what  what is held
     * @param bytes its heap bytes
     * @return this estimate with one more item
     */
    public MemoryEstimate plus(String what, long bytes) {
        List<Item> more = new ArrayList<>(items);
        more.add(new Item(what, bytes));
        return new MemoryEstimate(more);
    }

    /**
     * @param n how many of this are held at once, positive
     * @return this estimate with every item held {@code n} times
     */
    public MemoryEstimate times(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be positive, got " + n);
        }
        List<Item> more = new ArrayList<>();
        for (Item i : items) {
            more.add(new Item(n == 1 ? i.what() : i.what() + " x" + n, saturatedMultiply(i.bytes(), n)));
        }
        return new MemoryEstimate(more);
    }

    /**
     * @param other another estimate held at the same time
     * @return both
     */
    public MemoryEstimate plus(MemoryEstimate other) {
        List<Item> more = new ArrayList<>(items);
        more.addAll(other.items());
        return new MemoryEstimate(more);
    }

    /** @return total heap needed, {@link #RESERVE} included */
    public long bytes() {
        long sum = RESERVE;
        for (Item i : items) {
            sum = saturatedAdd(sum, i.bytes());
        }
        return sum;
    }

    /**
     * Heap the command may still use: the JVM's limit less what is live now (measured after a
     * collection, so garbage does not count).
     *
     * @return bytes
     */
    public static long available() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /**
     * Refuses the command when it cannot fit in the heap.
     *
     * @param remedy which settings to change, e.g. {@code "lower [grid] nx, ny"}; the message adds
     *               the {@code -Xmx} alternative
     * @throws ResourceLimitException when {@link #bytes()} exceeds {@link #available()}
     */
    public void requireFits(String remedy) {
        long need = bytes(), have = available();
        if (need > have) {
            StringBuilder parts = new StringBuilder();
            for (Item i : items) {
                if (i.bytes() < (512L << 10)) {
                    continue; // too small to matter to the reader
                }
                parts.append(parts.length() == 0 ? "" : ", ").append(i.what()).append(' ').append(size(i.bytes()));
            }
            throw new ResourceLimitException(String.format(Locale.ROOT,
                    "needs about %s of Java heap (%s, JVM reserve %s) but only %s of the %s limit is free; %s, "
                            + "or raise the limit with -Xmx through DEEPZERO_JAVA_OPTS",
                    size(need), parts, size(RESERVE), size(have), size(Runtime.getRuntime().maxMemory()), remedy));
        }
    }

    /**
     * Refuses a command whose output cannot fit on the disk.
     *
     * @param dir    where it writes (need not exist yet)
     * @param bytes  what it writes
     * @param remedy which settings to change
     * @throws ResourceLimitException when the file system of {@code dir} has less room
     */
    public static void requireDisk(Path dir, long bytes, String remedy) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        try {
            long free = Files.getFileStore(existing).getUsableSpace();
            if (bytes > free) {
                throw new ResourceLimitException(String.format(Locale.ROOT,
                        "%s: the output needs about %s of disk but only %s is free; %s", dir, size(bytes), size(free),
                        remedy));
            }
        } catch (IOException e) {
            // no figure for free space: the write itself will tell
        }
    }

    /** Bytes as MiB or GiB, for messages. */
    public static String size(long bytes) {
        return bytes >= (10L << 30) ? String.format(Locale.ROOT, "%.0f GiB", bytes / (double) (1L << 30))
                : bytes >= (1L << 30) ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%d MiB", (bytes + (1L << 20) - 1) >> 20);
    }

    /** {@code a + b}, or {@link Long#MAX_VALUE} when that overflows (for estimates of absurd sizes). */
    public static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /** {@code a * b}, or {@link Long#MAX_VALUE} when that overflows (for estimates of absurd sizes). */
    public static long saturatedMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b), lo = a * b;
        return (hi == 0 && lo >= 0) ? lo : Long.MAX_VALUE;
    }
}
