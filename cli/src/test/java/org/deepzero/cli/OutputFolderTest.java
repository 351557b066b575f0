package org.deepzero.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deepzero.vision.data.Cifar10;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output folder that cannot be written (a file in the way, a path below a file, a path that cannot
 * be created, a read-only folder) fails every writing command before any work: one line naming the
 * folder, exit 2, nothing written, so no half-made report or run folder ever appears.
 */
class OutputFolderTest {
    @TempDir
    Path dir;

    private Path tinyCase;
    private Path data;
    private Path blocker;

    @BeforeEach
    void setUp() throws IOException {
        tinyCase = dir.resolve("case");
        Files.createDirectories(tinyCase);
        for (String f : List.of("case.conf", "cylinder.mesh")) {
            try (var in = getClass().getClassLoader().getResourceAsStream("tiny-case/" + f)) {
                Files.write(tinyCase.resolve(f), in.readAllBytes());
            }
        }
        data = dir.resolve("cifar10");
        Files.createDirectories(data);
        Path shared = FuzzFixture.cifar10();
        Files.write(data.resolve("cifar10-train-000.bin"), Arrays.copyOf(Files.readAllBytes(
                Cifar10.files(shared, Cifar10.Split.TRAIN).get(0)), 16 * Cifar10.RECORD_BYTES));
        Files.write(data.resolve("cifar10-test-000.bin"), Arrays.copyOf(Files.readAllBytes(
                Cifar10.files(shared, Cifar10.Split.TEST).get(0)), 8 * Cifar10.RECORD_BYTES));
        blocker = dir.resolve("a-file");
        Files.writeString(blocker, "in the way\n");
    }

    /** Every writing command, with its output folder given as {@code out}. */
    private List<String[]> commands(String out) {
        List<String[]> c = new ArrayList<>();
        for (String command : List.of("run", "train", "evaluate")) {
            c.add(new String[] {command, tinyCase.toString(), "--out", out});
        }
        c.add(new String[] {"simulate", tinyCase.toString(), "--steps", "2", "--out", out});
        c.add(new String[] {"check", tinyCase.toString(), "--out", out});
        c.add(new String[] {"vision", "train", "--data", data.toString(), "--method", "rge", "--queries", "2",
            "--width", "2", "--train-images", "16", "--batch", "8", "--test-images", "8", "--threads", "1",
            "--out", out});
        c.add(new String[] {"vision", "prune", "--data", data.toString(), "--sparsity", "0.9", "--pruning", "random",
            "--width", "2", "--train-images", "16", "--out", out + "/ratios.txt"});
        return c;
    }

    @Test
    void aFileInTheWayFailsEveryCommandBeforeWork() {
        refusedEverywhere(blocker.toString(), "a-file");
    }

    @Test
    void aPathBelowAFileFailsEveryCommandBeforeWork() {
        refusedEverywhere(blocker.resolve("run").toString(), "a-file");
    }

    /** A full or read-only disk, simulated by a path that no user, root included, can create. */
    @Test
    void aPathThatCannotBeCreatedFailsEveryCommandBeforeWork() {
        refusedEverywhere("/proc/deepzero-test/run", "/proc/deepzero-test/run");
    }

    /** The case's own [output] dir, when no --out is given, is checked the same way. */
    @Test
    void anUnwritableOutputDirOfTheCaseFailsBeforeWork() throws IOException {
        Path conf = tinyCase.resolve("case.conf");
        Files.writeString(conf, Files.readString(conf).replace("dir = out", "dir = " + blocker.resolve("out")));
        for (String[] args : List.of(new String[] {"train", tinyCase.toString()},
                new String[] {"simulate", tinyCase.toString(), "--steps", "2"},
                new String[] {"check", tinyCase.toString()},
                new String[] {"reference", tinyCase.toString()})) {
            refused(args, "a-file");
        }
    }

    /** A folder without write permission; root ignores permissions, so there only the other cases apply. */
    @Test
    void aReadOnlyFolderFailsEveryCommandBeforeWork() throws IOException {
        Path ro = dir.resolve("read-only");
        Files.createDirectories(ro);
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            boolean enforced;
            try {
                Files.delete(Files.createTempFile(ro, "probe", ".tmp"));
                enforced = false;
            } catch (IOException e) {
                enforced = true;
            }
            if (!enforced) {
                System.out.println("OutputFolderTest: running as a user who may write anywhere (root); the read-only"
                        + " folder case is covered by the /proc path only");
                return;
            }
            refusedEverywhere(ro.resolve("run").toString(), "read-only");
            refusedEverywhere(ro.toString(), "read-only");
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private void refusedEverywhere(String out, String named) {
        for (String[] args : commands(out)) {
            refused(args, named);
        }
    }

    private void refused(String[] args, String named) {
        Map<String, String> before = FuzzFixture.snapshot(dir);
        long t0 = System.nanoTime();
        FuzzFixture.Run r = FuzzFixture.run(args);
        String what = String.join(" ", args) + " (" + (System.nanoTime() - t0) / 1_000_000 + " ms)";
        assertEquals(2, r.code(), what + "\n" + r.err());
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), what + "\n" + r.err());
        assertTrue(lines.get(0).contains(named), what + ": " + lines.get(0));
        assertFalse(InputFuzzTest.hasStackTrace(r.err() + r.out()), what);
        assertEquals(before, FuzzFixture.snapshot(dir), what + ": something was written");
    }
}
