package org.deepzero.zo.param;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UTFDataFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deepzero.common.AtomicFiles;
import org.deepzero.common.InputException;

/**
 * Saves and loads a parameter vector together with its {@link ParameterSpace} description.
 * <p>
 * Format (big-endian, {@link DataOutputStream}): magic {@code "DZPARAM1"}, segment count, then per segment
 * name, layer (UTF), stage, rank, extents (ints), then dimension (int) and the values (doubles).
 * Writes go through {@link AtomicFiles}, so a crash never leaves a half-written file under the final name.
 */
public final class ParameterIO {
    private static final String MAGIC = "DZPARAM1";

    /** Parameters read back: the layout and the values. */
    public record Saved(ParameterSpace space, double[] theta) {
    }

    private ParameterIO() {
    }

    /** Writes {@code theta} and {@code space} to {@code file} atomically. */
    public static void save(Path file, ParameterSpace space, double[] theta) throws IOException {
        if (theta.length != space.dimension()) {
            throw new IllegalArgumentException("theta has " + theta.length + " entries, the space " + space.dimension());
        }
        AtomicFiles.write(file, os -> {
            DataOutputStream out = new DataOutputStream(os);
            out.writeBytes(MAGIC);
            out.writeInt(space.segments().size());
            for (ParameterSpace.Segment s : space.segments()) {
                out.writeUTF(s.name());
                out.writeUTF(s.layer());
                out.writeInt(s.stage());
                int[] shape = s.shape();
                out.writeInt(shape.length);
                for (int e : shape) {
                    out.writeInt(e);
                }
            }
            out.writeInt(theta.length);
            for (double v : theta) {
                out.writeDouble(v);
            }
            out.flush();
        });
    }

    /** Most extents of one tensor (a conv weight has 4). */
    private static final int MAX_RANK = 8;

    /**
     * Reads a file written by {@link #save}.
     *
     * @throws InputException naming the file, and the byte offset where it stops making sense, when it
     *                        is not a parameter file, truncated or damaged
     * @throws IOException    when it cannot be read at all (e.g. {@link java.nio.file.NoSuchFileException})
     */
    public static Saved load(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream is = Files.newInputStream(file);
             CountingInput counting = new CountingInput(new BufferedInputStream(is));
             DataInputStream in = new DataInputStream(counting)) {
            try {
                return read(file, in, counting, size);
            } catch (EOFException e) {
                throw new InputException(file, "offset " + counting.offset, "truncated parameter file");
            } catch (UTFDataFormatException | IllegalArgumentException | ArithmeticException e) {
                // a damaged layout: a name that is not UTF-8, a negative or overflowing extent
                throw new InputException(file, "offset " + counting.offset, "damaged parameter file ("
                        + e.getMessage() + ")");
            }
        }
    }

    private static Saved read(Path file, DataInputStream in, CountingInput at, long size) throws IOException {
        byte[] magic = new byte[MAGIC.length()];
        in.readFully(magic);
        if (!new String(magic, java.nio.charset.StandardCharsets.US_ASCII).equals(MAGIC)) {
            throw new InputException(file, "offset 0", "not a DeepZero parameter file (bad magic)");
        }
        ParameterSpace.Builder b = ParameterSpace.builder();
        int segments = in.readInt();
        // every segment takes at least 12 bytes: counts read from a damaged file must not allocate
        if (segments < 0 || 12L * segments > size) {
            throw new InputException(file, "offset " + (at.offset - 4), "damaged parameter file: " + segments
                    + " segments");
        }
        for (int k = 0; k < segments; k++) {
            String name = in.readUTF();
            String layer = in.readUTF();
            int stage = in.readInt();
            int rank = in.readInt();
            if (rank < 0 || rank > MAX_RANK) {
                throw new InputException(file, "offset " + (at.offset - 4), "damaged parameter file: tensor rank "
                        + rank);
            }
            int[] shape = new int[rank];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = in.readInt();
            }
            b.add(name, layer, stage, shape);
        }
        ParameterSpace space = b.build();
        int n = in.readInt();
        if (n != space.dimension()) {
            throw new InputException(file, "offset " + (at.offset - 4), n + " values for a space of dimension "
                    + space.dimension());
        }
        if (8L * n > size - at.offset) {
            throw new InputException(file, "offset " + at.offset, "truncated parameter file (" + n + " values need "
                    + 8L * n + " bytes, " + (size - at.offset) + " are left)");
        }
        double[] theta = new double[n];
        for (int i = 0; i < n; i++) {
            theta[i] = in.readDouble();
            if (!Double.isFinite(theta[i])) {
                // saved parameters are finite; NaN or infinity here is damage (or a diverged run)
                throw new InputException(file, "offset " + (at.offset - 8), "parameter " + i + " is " + theta[i]);
            }
        }
        return new Saved(space, theta);
    }

    /** Counts the bytes read, so errors can give the offset. */
    private static final class CountingInput extends java.io.FilterInputStream {
        long offset;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                offset++;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                offset += n;
            }
            return n;
        }
    }

    /**
     * Reads parameters and checks that they follow {@code expected}.
     *
     * @throws InputException naming the file when it is damaged or of another layout
     */
    public static double[] load(Path file, ParameterSpace expected) throws IOException {
        Saved s = load(file);
        if (!s.space().equals(expected)) {
            throw new InputException(file, null, "parameter layout " + s.space() + " differs from the model's " + expected);
        }
        return s.theta();
    }
}
