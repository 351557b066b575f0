package org.deepzero.common;

import java.awt.image.RenderedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The one way files are written: whole or not at all. The content goes to a temporary file with a
 * unique name in the target's folder ({@link Files#createTempFile}, so two writers never share
 * one), is forced to disk ({@code fsync}), and is moved over the target with an atomic rename;
 * the folder is then forced too where the platform allows, so the rename survives a power cut.
 * On any failure the temporary file is deleted and the old target, if any, is left as it was.
 * A reader therefore sees the old file or the new one, never a torn one.
 */
public final class AtomicFiles {

    /** Writes a whole file's bytes to a stream. */
    @FunctionalInterface
    public interface Content {
        /** Writes the whole content to {@code out}; closing {@code out} is allowed and harmless. */
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes a whole file (or folder) at a path, for libraries that open files by name. */
    @FunctionalInterface
    public interface PathContent {
        /** Creates and writes the file (or fills the folder) at {@code path}. */
        void writeTo(Path path) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Writes {@code file} atomically from {@code content}; the parent folders are created.
     *
     * @throws IOException naming the file when it cannot be written (the old file is then unchanged)
     */
    public static void write(Path file, Content content) throws IOException {
        replaceViaTemporary(file, tmp -> {
            makeReadable(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                content.writeTo(unclosable(out));
                out.flush();
                ch.force(true);
            }
        });
    }

    /** Writes {@code text} as UTF-8 to {@code file} atomically. */
    public static void writeString(Path file, String text) throws IOException {
        write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes {@code lines}, each ended by {@code \n}, as UTF-8 to {@code file} atomically. */
    public static void writeLines(Path file, List<String> lines) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String line : lines) {
            b.append(line).append('\n');
        }
        writeString(file, b.toString());
    }

    /** Writes {@code bytes} to {@code file} atomically. */
    public static void writeBytes(Path file, byte[] bytes) throws IOException {
        write(file, out -> out.write(bytes));
    }

    /** Writes {@code image} as a PNG file atomically. */
    public static void writePng(Path file, RenderedImage image) throws IOException {
        write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available for " + file);
            }
        });
    }

    /**
     * Writes {@code file} through a library that needs a path (e.g. an HDF5 writer): {@code content}
     * writes to a fresh temporary path in the same folder (which does not exist yet), which is then
     * forced to disk and moved into place as in {@link #write}.
     */
    public static void writeViaPath(Path file, PathContent content) throws IOException {
        replaceViaTemporary(file, tmp -> {
            Files.delete(tmp); // the library creates the file itself; the unique name stays ours
            content.writeTo(tmp);
            if (!Files.isRegularFile(tmp)) {
                throw new IOException("the writer of " + file + " produced no file");
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        });
    }

    /**
     * The skeleton of {@link #write} and {@link #writeViaPath}: a unique temporary file in the
     * target's folder, filled and forced to disk by {@code fill}, moved over {@code file}, the folder
     * forced; the temporary is deleted if anything fails.
     */
    private static void replaceViaTemporary(Path file, PathContent fill) throws IOException {
        Path dir = parent(file);
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            fill.writeTo(tmp);
            CrashTestHook.pause(file); // test-only: lets the kill -9 tests kill the process right here
            moveIntoPlace(tmp, file);
            tmp = null;
        } finally {
            deleteQuietly(tmp);
        }
        forceDirectory(dir);
    }

    /**
     * Replaces the folder {@code dir} by one that {@code content} fills: it is built under a unique
     * temporary name next to {@code dir}, its files forced to disk, then the old folder is removed
     * and the new one renamed into place. A reader sees the old folder, no folder, or the whole new
     * one; never a partial one under the final name.
     */
    public static void replaceDirectory(Path dir, PathContent content) throws IOException {
        Path parent = parent(dir);
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".");
        try {
            content.writeTo(tmp);
            try (Stream<Path> files = Files.walk(tmp)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(f)) {
                        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                            ch.force(true);
                        }
                    } else if (Files.isDirectory(f)) {
                        forceDirectory(f);
                    }
                }
            }
            deleteTree(dir);
            moveIntoPlace(tmp, dir);
            tmp = null;
        } finally {
            if (tmp != null) {
                try {
                    deleteTree(tmp);
                } catch (IOException ignored) {
                    // the write already failed; keep its exception
                }
            }
        }
        forceDirectory(parent);
    }

    /** Deletes a file or a folder with everything in it; nothing happens if it does not exist. */
    public static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> s = Files.walk(path)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + target + " cannot move files atomically", e);
        } catch (DirectoryNotEmptyException e) {
            throw new IOException("a non-empty folder is in the way of " + target, e);
        }
    }

    private static Path parent(Path file) {
        Path p = file.toAbsolutePath().getParent();
        if (p == null) {
            throw new IllegalArgumentException("no folder to write " + file + " in");
        }
        return p;
    }

    /** Temporary files are created owner-only; outputs should be readable like any other file. */
    private static void makeReadable(Path p) throws IOException {
        if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write already failed; keep its exception
            }
        }
    }

    /** Makes a rename durable; not every platform can open a folder, which is then skipped. */
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // e.g. Windows: folder handles cannot be opened; the rename itself is still atomic
        }
    }

    /** Keeps a content writer from closing the channel before it is forced. */
    private static OutputStream unclosable(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
