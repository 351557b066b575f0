package org.deepzero.zo.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;
import org.deepzero.common.AtomicFiles;
import org.deepzero.common.InputException;
import org.deepzero.zo.optim.OptimizerState;

/**
 * Checkpoints of one run in a directory: {@value #LATEST} (the last one taken) and {@value #BEST} (the
 * one with the best evaluation metric).
 * <p>
 * Writes go through {@link AtomicFiles} (unique temporary file, fsync, atomic rename, fsync of the
 * folder): a crash at any moment leaves either the old or the new checkpoint, never a torn one. Files end with a CRC-32 of their contents, so a damaged file is
 * reported instead of being read as wrong numbers.
 * <p>
 * Format (big-endian): magic {@code DZCK}, format version, config hash (UTF-8, length-prefixed), seed,
 * step, total queries, wall seconds, best metric, the parameters, the optimizer state (algorithm, update
 * count, buffers), CRC-32. Doubles are stored bit-exactly.
 */
public final class CheckpointStore {

    /** File name of the latest checkpoint. */
    public static final String LATEST = "checkpoint.dzck";
    /** File name of the best checkpoint. */
    public static final String BEST = "best.dzck";

    private static final int MAGIC = 0x445a434b; // "DZCK"
    private static final int VERSION = 1;

    private final Path directory;

    /** A store in {@code directory}, created on the first save if missing. */
    public CheckpointStore(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    public Path directory() {
        return directory;
    }

    /** Path of the latest checkpoint. */
    public Path latestPath() {
        return directory.resolve(LATEST);
    }

    /** Path of the best checkpoint. */
    public Path bestPath() {
        return directory.resolve(BEST);
    }

    /** Atomically replaces the latest checkpoint. */
    public void save(Checkpoint checkpoint) {
        write(checkpoint, latestPath());
    }

    /** Atomically replaces the best checkpoint. */
    public void saveBest(Checkpoint checkpoint) {
        write(checkpoint, bestPath());
    }

    /** The latest checkpoint, or empty if none was written yet. */
    public Optional<Checkpoint> loadLatest() {
        if (!Files.exists(latestPath())) {
            return Optional.empty();
        }
        return Optional.of(read(latestPath()));
    }

    /**
     * Writes {@code checkpoint} to {@code target} atomically (temporary file, fsync, atomic move).
     *
     * @throws UncheckedIOException naming the file if writing fails
     */
    public static void write(Checkpoint checkpoint, Path target) {
        ByteBuffer bytes = encode(checkpoint);
        try {
            AtomicFiles.write(target, out -> out.write(bytes.array(), 0, bytes.limit()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a checkpoint.
     *
     * @throws UncheckedIOException     naming the file if it cannot be read
     * @throws InputException         naming the file if it is not a checkpoint, or is damaged
     */
    public static Checkpoint read(Path file) {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("no checkpoint at " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
        if (data.length < 16) {
            throw new InputException(file, "checkpoint " + file + " is damaged: only " + data.length
                    + " bytes, the header alone needs 16 (offset 0)");
        }
        ByteBuffer in = ByteBuffer.wrap(data);
        if (in.getInt() != MAGIC) {
            throw new InputException(file, file + " is not a DeepZero-J checkpoint (bad magic number at offset 0)");
        }
        CRC32 crc = new CRC32();
        crc.update(data, 0, data.length - 8);
        long stored = ByteBuffer.wrap(data, data.length - 8, 8).getLong();
        if (crc.getValue() != stored) {
            throw new InputException(file, "checkpoint " + file + " is damaged: checksum mismatch (CRC-32 in the last 8"
                    + " bytes, offset " + (data.length - 8) + ")");
        }
        int version = in.getInt();
        if (version != VERSION) {
            throw new InputException(file, "checkpoint " + file + " has format version " + version
                    + " at offset 4, this code reads version " + VERSION);
        }
        try {
            String configHash = readString(in);
            long seed = in.getLong();
            int step = in.getInt();
            long queries = in.getLong();
            double wall = in.getDouble();
            double best = in.getDouble();
            double[] theta = readDoubles(in);
            String algorithm = readString(in);
            long updates = in.getLong();
            int buffers = in.getInt();
            List<double[]> list = new ArrayList<>(buffers);
            for (int i = 0; i < buffers; i++) {
                list.add(readDoubles(in));
            }
            return new Checkpoint(step, theta, new OptimizerState(algorithm, updates, list), best, queries, wall,
                    seed, configHash);
        } catch (RuntimeException e) {
            throw new InputException(file, "checkpoint " + file + " is damaged at offset " + in.position() + ": "
                    + e.getMessage(), e);
        }
    }

    private static ByteBuffer encode(Checkpoint c) {
        byte[] hash = c.configHash().getBytes(StandardCharsets.UTF_8);
        OptimizerState os = c.optimizerState();
        byte[] algorithm = os.algorithm().getBytes(StandardCharsets.UTF_8);
        long size = 4 + 4 + 4 + hash.length + 8 + 4 + 8 + 8 + 8 + 4 + 8L * c.dimension()
                + 4 + algorithm.length + 8 + 4;
        for (int i = 0; i < os.bufferCount(); i++) {
            size += 4 + 8L * os.bufferLength(i);
        }
        size += 8;
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("checkpoint of " + size + " bytes is too large");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        out.putInt(MAGIC).putInt(VERSION);
        out.putInt(hash.length).put(hash);
        out.putLong(c.seed()).putInt(c.step()).putLong(c.totalQueries()).putDouble(c.wallSeconds())
                .putDouble(c.bestMetric());
        putDoubles(out, c.theta());
        out.putInt(algorithm.length).put(algorithm);
        out.putLong(os.updates()).putInt(os.bufferCount());
        for (double[] b : os.buffers()) {
            putDoubles(out, b);
        }
        CRC32 crc = new CRC32();
        crc.update(out.array(), 0, out.position());
        out.putLong(crc.getValue());
        out.flip();
        return out;
    }

    private static void putDoubles(ByteBuffer out, double[] values) {
        out.putInt(values.length);
        out.asDoubleBuffer().put(values);
        out.position(out.position() + 8 * values.length);
    }

    private static double[] readDoubles(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || 8L * n > in.remaining()) {
            throw new IllegalArgumentException("array length " + n + " exceeds the file");
        }
        double[] values = new double[n];
        in.asDoubleBuffer().get(values);
        in.position(in.position() + 8 * n);
        return values;
    }

    private static String readString(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("string length " + n + " exceeds the file");
        }
        byte[] b = new byte[n];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
