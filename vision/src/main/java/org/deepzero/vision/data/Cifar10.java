package org.deepzero.vision.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reader of CIFAR-10 in the original binary format (Krizhevsky 2009, "CIFAR-10 binary version").
 * <p>
 * A file is a concatenation of 3073-byte records without header: one label byte 0..9, then the
 * 32x32 red, green and blue planes, row-major. A folder holds either the original files
 * ({@code data_batch_1.bin .. data_batch_5.bin}, {@code test_batch.bin}) or shards of them
 * ({@code cifar10-train-NNN.bin}, {@code cifar10-test-NNN.bin}, read in name order). Every file is
 * checked whole (size a multiple of 3073, labels in 0..9) before any of it is used, and a bad one
 * raises a {@link CifarFormatException} that names it.
 */
public final class Cifar10 {
    /** Bytes of one record: label plus image. */
    public static final int RECORD_BYTES = 1 + ImageSet.IMAGE_BYTES;

    /** Class names, index = label (as in {@code batches.meta.txt}). */
    public static final List<String> CLASS_NAMES = List.of("airplane", "automobile", "bird", "cat", "deer",
            "dog", "frog", "horse", "ship", "truck");

    /** Which half of the data set. */
    public enum Split {
        TRAIN("cifar10-train-", List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
                "data_batch_4.bin", "data_batch_5.bin")),
        TEST("cifar10-test-", List.of("test_batch.bin"));

        private final String shardPrefix;
        private final List<String> originalNames;

        Split(String shardPrefix, List<String> originalNames) {
            this.shardPrefix = shardPrefix;
            this.originalNames = originalNames;
        }
    }

    private Cifar10() {
    }

    /** All training images of the folder (50,000 for the full data set). */
    public static ImageSet train(Path dir) {
        return read(files(dir, Split.TRAIN), Integer.MAX_VALUE);
    }

    /** The first {@code limit} training images, in file order; only the files needed are read. */
    public static ImageSet train(Path dir, int limit) {
        return read(files(dir, Split.TRAIN), limit);
    }

    /** All test images of the folder. */
    public static ImageSet test(Path dir) {
        return read(files(dir, Split.TEST), Integer.MAX_VALUE);
    }

    /** The first {@code limit} test images, in file order. */
    public static ImageSet test(Path dir, int limit) {
        return read(files(dir, Split.TEST), limit);
    }

    /**
     * The files of one split in reading order: shards if any exist, else the original file names
     * that are present.
     *
     * @throws CifarFormatException if the folder is missing or holds no file of the split
     */
    public static List<Path> files(Path dir, Split split) {
        if (!Files.isDirectory(dir)) {
            throw new CifarFormatException(dir, "not a folder (give the folder holding the CIFAR-10 binary files)");
        }
        List<Path> shards;
        try (Stream<Path> s = Files.list(dir)) {
            shards = s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(split.shardPrefix) && n.endsWith(".bin");
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        if (!shards.isEmpty()) {
            return shards;
        }
        List<Path> originals = new ArrayList<>();
        for (String name : split.originalNames) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                originals.add(p);
            }
        }
        if (originals.isEmpty()) {
            throw new CifarFormatException(dir, "no CIFAR-10 " + split.name().toLowerCase() + " files (expected "
                    + split.shardPrefix + "*.bin or " + String.join(", ", split.originalNames) + ")");
        }
        return originals;
    }

    /** Reads records from {@code files} in order until {@code limit} images are collected. */
    public static ImageSet read(List<Path> files, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("negative image limit " + limit);
        }
        List<byte[]> chunks = new ArrayList<>();
        int total = 0;
        for (Path file : files) {
            if (total >= limit) {
                break;
            }
            byte[] bytes = readChecked(file);
            chunks.add(bytes);
            total += bytes.length / RECORD_BYTES;
        }
        int n = Math.min(total, limit);
        byte[] pixels = new byte[n * ImageSet.IMAGE_BYTES];
        byte[] labels = new byte[n];
        int i = 0;
        for (byte[] chunk : chunks) {
            for (int r = 0; r < chunk.length / RECORD_BYTES && i < n; r++, i++) {
                labels[i] = chunk[r * RECORD_BYTES];
                System.arraycopy(chunk, r * RECORD_BYTES + 1, pixels, i * ImageSet.IMAGE_BYTES, ImageSet.IMAGE_BYTES);
            }
        }
        return ImageSet.adopt(pixels, labels);
    }

    /** One whole file, after checking its size and every label. */
    static byte[] readChecked(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CifarFormatException(file, "cannot be read: " + e.getMessage());
        }
        if (bytes.length == 0) {
            throw new CifarFormatException(file, "empty file (no record at offset 0), expected CIFAR-10 records of "
                    + RECORD_BYTES + " bytes");
        }
        if (bytes.length % RECORD_BYTES != 0) {
            throw new CifarFormatException(file, "size " + bytes.length + " bytes is not a multiple of the "
                    + RECORD_BYTES + "-byte CIFAR-10 record (" + bytes.length / RECORD_BYTES + " whole records and "
                    + bytes.length % RECORD_BYTES + " bytes left over from offset " + (bytes.length / RECORD_BYTES)
                    * (long) RECORD_BYTES + "): truncated, or not a CIFAR-10 binary file");
        }
        for (int r = 0; r < bytes.length / RECORD_BYTES; r++) {
            int label = bytes[r * RECORD_BYTES] & 0xFF;
            if (label >= ImageSet.CLASSES) {
                throw new CifarFormatException(file, "record " + r + " (byte offset " + (long) r * RECORD_BYTES
                        + ") has label " + label + ", CIFAR-10 labels are 0..9: not a CIFAR-10 binary file");
            }
        }
        return bytes;
    }
}
