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

    /**
     * Reads a file written by {@link #save}.
     *
     * @throws InputException naming the file when it is not a parameter file, truncated or damaged
     * @throws IOException    when it cannot be read at all (e.g. {@link java.nio.file.NoSuchFileException})
     */
    public static Saved load(Path file) throws IOException {
        try {
            return read(file);
        } catch (EOFException e) {
            throw new InputException(file, null, "truncated parameter file");
        } catch (UTFDataFormatException | IllegalArgumentException e) {
            // a damaged layout: a name that is not UTF-8, a negative extent
            throw new InputException(file, null, "damaged parameter file (" + e.getMessage() + ")");
        }
    }

    private static Saved read(Path file) throws IOException {
        try (InputStream is = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(is))) {
            byte[] magic = new byte[MAGIC.length()];
            in.readFully(magic);
            if (!new String(magic, java.nio.charset.StandardCharsets.US_ASCII).equals(MAGIC)) {
                throw new InputException(file, null, "not a DeepZero parameter file (bad magic)");
            }
            ParameterSpace.Builder b = ParameterSpace.builder();
            int segments = in.readInt();
            for (int k = 0; k < segments; k++) {
                String name = in.readUTF();
                String layer = in.readUTF();
                int stage = in.readInt();
                int[] shape = new int[in.readInt()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = in.readInt();
                }
                b.add(name, layer, stage, shape);
            }
            ParameterSpace space = b.build();
            int n = in.readInt();
            if (n != space.dimension()) {
                throw new InputException(file, null, n + " values for a space of dimension " + space.dimension());
            }
            double[] theta = new double[n];
            for (int i = 0; i < n; i++) {
                theta[i] = in.readDouble();
            }
            return new Saved(space, theta);
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
