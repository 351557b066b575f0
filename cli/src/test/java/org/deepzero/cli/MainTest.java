package org.deepzero.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: help, usage errors and bad cases give one line and exit 2, and write nothing. */
class MainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Main(Commands.all(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsEveryCommand() {
        assertEquals(0, run("--help"));
        String text = out.toString(StandardCharsets.UTF_8);
        for (String c : new String[] {"run", "simulate", "reference", "train", "evaluate", "compare", "vision"}) {
            assertTrue(text.contains("  " + c + " "), c + " missing in\n" + text);
        }
        out.reset();
        assertEquals(0, run("train", "--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--method"));
    }

    @Test
    void usageErrorsAreOneLineWithExitCode2() {
        assertEquals(2, run("frobnicate"));
        assertEquals(2, run("simulate"));
        assertEquals(2, run("simulate", dir.resolve("missing").toString()));
        assertEquals(2, run("simulate", "--steps", "x", dir.toString()));
        assertEquals(2, run("compare", dir.toString()));
        for (String line : err().split("\n")) {
            assertTrue(line.startsWith("deepzero"), line);
            assertFalse(line.contains("Exception"), line);
        }
        assertEquals(5, err().lines().count(), err());
    }

    /** A case with a bad corrector fails before any work: one line naming the key, exit 2, no output folder. */
    @Test
    void badCaseFailsBeforeWork() throws Exception {
        Path mesh = Path.of("../meshes/cylinder.mesh").toAbsolutePath().normalize();
        String text = Files.readString(Path.of("../cases/karman-2d/case.conf"))
                .replace("../../meshes/cylinder.mesh", mesh.toString().replace('\\', '/'));
        String withBadLayer = text.contains("[corrector]")
                ? text.replaceFirst("(?m)^layers\\s*=.*$", "layers = conv5x5:8,gelu,conv5x5:2")
                : text + "\n[corrector]\nlayers = conv5x5:8,gelu,conv5x5:2\n[evaluation]\nreynolds = 1234\n";
        Path file = dir.resolve("case.conf");
        Files.writeString(file, withBadLayer);
        for (String command : new String[] {"run", "train", "evaluate"}) {
            err.reset();
            assertEquals(2, run(command, dir.toString()), err());
            String msg = err().strip();
            assertEquals(1, msg.lines().count(), msg);
            assertTrue(msg.contains("case.conf") && msg.contains("[corrector] layers") && msg.contains("gelu"), msg);
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "nothing but the case file may exist");
        }
    }

    /**
     * {@code check} validates and prints the numbers that decide a case, here those of the default case
     * worked out by hand: cylinder D = 0.125 in a channel of height 1 (blockage 12.5%), cells 2/64 =
     * 0.03125 wide (4 per diameter), U dt / h = 0.02 / 0.03125 = 0.64. It writes one file, the mask
     * picture in the case's output folder, whose grey cells are exactly the cells whose centre lies in
     * the disc (counted here from the geometry, not from the solver's mask).
     */
    @Test
    void checkPrintsTheCaseNumbersAndWritesOnlyTheMask() throws Exception {
        Path mesh = Path.of("../meshes/cylinder.mesh").toAbsolutePath().normalize();
        Files.writeString(dir.resolve("case.conf"), Files.readString(Path.of("../cases/karman-2d/case.conf"))
                .replace("../../meshes/cylinder.mesh", mesh.toString().replace('\\', '/')));
        assertEquals(0, run("check", dir.toString()), err());
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("grid 64 x 32 cells of 0.03125 x 0.03125"), text);
        assertTrue(text.contains("blockage 12.5%, 4.0 cells per diameter"), text);
        assertTrue(text.contains("U dt / h = 0.640"), text);
        assertTrue(text.contains("Re 120.0: no cached reference"), text);
        Path mask = dir.resolve("out").resolve("mask.png");
        assertTrue(text.contains("mask: " + mask), text);
        try (var files = Files.walk(dir)) {
            assertEquals(List.of(dir, dir.resolve("case.conf"), dir.resolve("out"), mask), files.sorted().toList(),
                    "check writes the mask and nothing else");
        }
        BufferedImage img = ImageIO.read(mask.toFile());
        int scale = img.getWidth() / 64;
        assertEquals(64 * scale, img.getWidth());
        assertEquals(32 * scale, img.getHeight());
        int expected = 0;
        for (int j = 0; j < 32; j++) {
            for (int i = 0; i < 64; i++) {
                double x = (i + 0.5) / 32, y = (j + 0.5) / 32;   // cell centres, h = 1/32
                boolean solid = (x - 0.5) * (x - 0.5) + (y - 0.5) * (y - 0.5) <= 0.0625 * 0.0625;
                expected += solid ? 1 : 0;
                int rgb = img.getRGB(i * scale, (31 - j) * scale) & 0xffffff;   // y up: row 0 at the bottom
                assertEquals(solid ? 0x808080 : 0xffffff, rgb, "cell " + i + ", " + j);
            }
        }
        assertTrue(expected > 8, "the disc covers cells: " + expected);
    }

    /** A bad case writes no mask (and nothing else). */
    @Test
    void checkOfABadCaseWritesNothing() throws Exception {
        Path mesh = Path.of("../meshes/cylinder.mesh").toAbsolutePath().normalize();
        Files.writeString(dir.resolve("case.conf"), Files.readString(Path.of("../cases/karman-2d/case.conf"))
                .replace("../../meshes/cylinder.mesh", mesh.toString().replace('\\', '/'))
                .replace("dt = 0.02 ", "dt = 0.05 "));
        assertEquals(2, run("check", dir.toString()), err());
        assertTrue(err().contains("[time] dt"), err());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "nothing but the case file may exist");
        }
    }

    /**
     * A valid case whose coarse solver cannot fit in this heap (8192 x 4096 cells at about 300 bytes a
     * cell, 10 GB, against the tests' 4 GB) is refused before the mask is drawn, as every other command
     * would refuse it: one line naming [grid], nothing written.
     */
    @Test
    void checkOfACaseTooLargeForTheHeapIsOneLineAndWritesNothing() throws Exception {
        Path mesh = Path.of("../meshes/cylinder.mesh").toAbsolutePath().normalize();
        Files.writeString(dir.resolve("case.conf"), Files.readString(Path.of("../cases/karman-2d/case.conf"))
                .replace("../../meshes/cylinder.mesh", mesh.toString().replace('\\', '/'))
                .replaceFirst("(?m)^nx = 64 ", "nx = 8192 ").replaceFirst("(?m)^ny = 32 ", "ny = 4096 ")
                .replaceFirst("(?m)^dt = 0.02 ", "dt = 0.0002 ").replaceFirst("(?m)^factor = 4 ", "factor = 1 "));
        assertEquals(2, run("check", dir.toString()), err());
        String msg = err().strip();
        assertEquals(1, msg.lines().count(), msg);
        assertTrue(msg.contains("[grid] nx, ny") && msg.contains("case.conf"), msg);
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "nothing but the case file may exist");
        }
    }

    /** {@code simulate} runs a PDE other than the wake flow through the contract: Burgers, HDF5 + XDMF. */
    @Test
    void simulateRunsBurgers() throws Exception {
        Files.writeString(dir.resolve("case.conf"), "[pde]\nkind = burgers\n[burgers]\nn = 8\nlength = 16\nframes = 4\n"
                + "[output]\ndir = out\n");
        assertEquals(0, run("simulate", dir.toString(), "--steps", "4"), err());
        Path out = dir.resolve("out");
        for (String f : List.of("diagnostics.csv", "vorticity-000004.png")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        try (var files = Files.list(out)) {
            List<String> names = files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith(dir.getFileName()
                    .toString())).sorted().toList();
            assertEquals(2, names.size(), names.toString());
            assertTrue(names.get(0).endsWith(".h5") && names.get(1).endsWith(".xdmf"), names.toString());
        }
        assertEquals(2, run("simulate", dir.toString(), "--benchmark"));
        assertTrue(err().strip().lines().count() == 1 && err().contains("--benchmark"), err());
    }

    /** A run that fails (a simulation that blew up) gives its one-line message and exit 1, no stack trace. */
    @Test
    void failedRunIsOneLineWithExitCode1() {
        Command blowsUp = new Command() {
            public String name() {
                return "boom";
            }

            public String summary() {
                return "fails like a diverging simulation";
            }

            public String arguments() {
                return "";
            }

            public org.apache.commons.cli.Options options() {
                return new org.apache.commons.cli.Options();
            }

            public int run(org.apache.commons.cli.CommandLine line, PrintStream o) {
                throw new org.deepzero.solver.SimulationDivergedException(412, "CFL number 23.1 exceeds 10");
            }
        };
        int code = new Main(java.util.List.of(blowsUp), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute("boom");
        assertEquals(1, code);
        assertEquals("deepzero boom: step 412: CFL number 23.1 exceeds 10; reduce [time] dt or raise [grid] nx, ny",
                err().strip());
    }

    private static Command throwing(RuntimeException e) {
        return new Command() {
            public String name() {
                return "fail";
            }

            public String summary() {
                return "throws";
            }

            public String arguments() {
                return "";
            }

            public org.apache.commons.cli.Options options() {
                return new org.apache.commons.cli.Options();
            }

            public int run(org.apache.commons.cli.CommandLine line, PrintStream o) {
                throw e;
            }
        };
    }

    private int runThrowing(RuntimeException e, String... args) {
        return new Main(java.util.List.of(throwing(e)), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
    }

    /** A programming error, even an IllegalArgumentException, is exit 1: one line, the trace under --debug. */
    @Test
    void internalErrorsAreExitCode1WithTheStackTraceOnlyUnderDebug() {
        assertEquals(1, runThrowing(new IllegalArgumentException("index -1 out of range"), "fail"));
        assertEquals("deepzero fail: internal error: java.lang.IllegalArgumentException: index -1 out of range; "
                + "rerun with --debug for the stack trace", err().strip());
        err.reset();
        assertEquals(1, runThrowing(new IllegalStateException("bug"), "--debug", "fail"));
        String text = err();
        assertTrue(text.startsWith("deepzero fail: internal error: java.lang.IllegalStateException: bug\n"), text);
        assertTrue(text.contains("\tat org.deepzero.cli.MainTest"), "stack trace under --debug: " + text);
    }

    /** The user's mistake is exit 2 and one line, whichever module raised it. */
    @Test
    void inputErrorsAreExitCode2() {
        assertEquals(2, runThrowing(new org.deepzero.common.InputException(Path.of("data.bin"), "offset 3073",
                "label 11 outside 0..9"), "fail", "--debug"));
        assertEquals("deepzero fail: data.bin: offset 3073: label 11 outside 0..9", err().strip());
    }
}
