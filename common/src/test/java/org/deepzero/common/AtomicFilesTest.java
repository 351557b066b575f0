package org.deepzero.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<Path> entries(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    @Test
    void writesAndReplacesAWholeFileLeavingNoTemporary() throws IOException {
        Path f = dir.resolve("sub/a.txt");
        AtomicFiles.writeString(f, "old");
        AtomicFiles.writeLines(f, List.of("x", "y"));
        assertEquals("x\ny\n", Files.readString(f));
        assertEquals(List.of(f), entries(f.getParent()));
    }

    @Test
    void aFailingWriterLeavesTheOldFileAndNoTemporary() throws IOException {
        Path f = dir.resolve("a.bin");
        AtomicFiles.writeBytes(f, new byte[] {1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[] {9, 9});
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals(3, Files.readAllBytes(f).length);
        assertEquals(List.of(f), entries(dir));
    }

    @Test
    void concurrentWritersOfOneFileNeverTearIt() throws Exception {
        Path f = dir.resolve("shared.txt");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> jobs = new java.util.ArrayList<>();
            for (int w = 0; w < 8; w++) {
                String text = String.valueOf((char) ('a' + w)).repeat(100_000);
                jobs.add(pool.submit(() -> {
                    AtomicFiles.writeString(f, text);
                    return null;
                }));
            }
            for (Future<?> j : jobs) {
                j.get();
            }
        } finally {
            pool.shutdown();
        }
        String s = Files.readString(f);
        assertEquals(100_000, s.length());
        assertEquals(1, s.chars().distinct().count(), "one writer's content, whole");
        assertEquals(List.of(f), entries(dir));
    }

    @Test
    void writeViaPathMovesWhatTheLibraryWrote() throws IOException {
        Path f = dir.resolve("t.h5");
        AtomicFiles.writeViaPath(f, p -> {
            assertFalse(Files.exists(p), "the library creates the file");
            Files.writeString(p, "hdf");
        });
        assertEquals("hdf", Files.readString(f));
        assertThrows(IOException.class, () -> AtomicFiles.writeViaPath(f, p -> { }));
        assertEquals("hdf", Files.readString(f));
        assertEquals(List.of(f), entries(dir));
    }

    @Test
    void replaceDirectoryIsWholeOrOld() throws IOException {
        Path report = dir.resolve("report");
        AtomicFiles.replaceDirectory(report, tmp -> Files.writeString(tmp.resolve("old.txt"), "1"));
        assertThrows(IOException.class, () -> AtomicFiles.replaceDirectory(report, tmp -> {
            Files.writeString(tmp.resolve("new.txt"), "2");
            throw new IOException("failed half way");
        }));
        assertEquals(List.of(report.resolve("old.txt")), entries(report));
        AtomicFiles.replaceDirectory(report, tmp -> {
            Files.createDirectories(tmp.resolve("fields"));
            Files.writeString(tmp.resolve("fields/new.txt"), "2");
        });
        assertTrue(Files.isRegularFile(report.resolve("fields/new.txt")));
        assertFalse(Files.exists(report.resolve("old.txt")));
        assertEquals(List.of(report), entries(dir));
    }
}
