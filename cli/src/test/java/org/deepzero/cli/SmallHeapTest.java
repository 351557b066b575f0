package org.deepzero.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deepzero.solver.MemoryEstimate;
import org.deepzero.solver.flow.WakeTrajectoryReader;
import org.deepzero.solver.io.XdmfCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deepzero simulate} in a separate JVM with a 32 MiB heap: a run whose frames could never
 * be held in that heap streams to disk and succeeds; a grid whose solver alone cannot fit is
 * refused at once with one line and exit 2, writing nothing; a heap that runs out after all is one
 * line and exit 1.
 */
class SmallHeapTest {
    private static final String HEAP = "-Xmx32m";

    @TempDir
    Path dir;

    private record Outcome(int code, String out, String err) {
    }

    /** The karman-2d case on another grid, with a dt that keeps its CFL number, and no images. */
    private Path caseOf(int nx, int ny) throws IOException {
        Path mesh = Path.of("../meshes/cylinder.mesh").toAbsolutePath().normalize();
        String text = Files.readString(Path.of("../cases/karman-2d/case.conf"))
                .replace("../../meshes/cylinder.mesh", mesh.toString().replace('\\', '/'))
                .replaceFirst("(?m)^nx\\s*=.*$", "nx = " + nx)
                .replaceFirst("(?m)^ny\\s*=.*$", "ny = " + ny)
                .replaceFirst("(?m)^dt\\s*=.*$", "dt = " + 0.02 * 64 / nx)
                .replaceFirst("(?m)^image_every\\s*=.*$", "image_every = 0");
        Path caseDir = dir.resolve("case-" + nx);
        Files.createDirectories(caseDir);
        Files.writeString(caseDir.resolve("case.conf"), text);
        return caseDir;
    }

    private Outcome simulate(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "simulate"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OMP_NUM_THREADS", "1");
        Path out = dir.resolve("stdout.txt"), err = dir.resolve("stderr.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("simulate did not finish in 120 s");
        }
        return new Outcome(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void longRunStreamsWithinASmallHeap() throws Exception {
        int steps = 60;
        // holding the frames, as simulate did before streaming, needs more than the whole heap
        assertTrue((steps + 1) * org.deepzero.solver.flow.WakeMemory.stateBytes(224, 112) > 32L << 20);
        Path out = dir.resolve("out");
        Outcome r = simulate(caseOf(224, 112).toString(), "--steps", Integer.toString(steps), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        Path xdmf = out.resolve("case-224-re150.xdmf");
        assertTrue(r.out().contains(xdmf.toString()), r.out());
        assertEquals(steps + 1, WakeTrajectoryReader.info(xdmf).frames());
        assertTrue(WakeTrajectoryReader.partFiles(xdmf).size() > 1, "frames were written in several parts");
        assertEquals(steps + 1, XdmfCheck.verify(xdmf));
    }

    @Test
    void gridTooLargeForTheHeapIsRefusedAtOnce() throws Exception {
        Path out = dir.resolve("out");
        Outcome r = simulate(caseOf(2048, 1280).toString(), "--steps", "4000", "--out", out.toString());
        assertEquals(2, r.code(), r.err());
        String msg = r.err().strip();
        assertEquals(1, msg.lines().count(), msg);
        assertTrue(msg.startsWith("deepzero simulate: needs about") && msg.contains("[grid] nx, ny")
                && msg.contains("-Xmx") && msg.contains("DEEPZERO_JAVA_OPTS"), msg);
        assertFalse(Files.exists(out), "nothing may be written");
    }

    /** A heap that runs out anyway: one line naming the setting, exit 1, no stack trace. */
    @Test
    void outOfMemoryIsOneLineWithExitCode1() {
        Command exhausts = new Command() {
            public String name() {
                return "big";
            }

            public String summary() {
                return "runs out of heap";
            }

            public String arguments() {
                return "";
            }

            public org.apache.commons.cli.Options options() {
                return new org.apache.commons.cli.Options();
            }

            public int run(org.apache.commons.cli.CommandLine line, PrintStream o) {
                throw new OutOfMemoryError("the Java heap (64 MiB) ran out at step 7 of 12; the 4 frames written "
                        + "are kept in out/x.xdmf");
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Main(List.of(exhausts), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute("big");
        assertEquals(1, code);
        assertEquals("deepzero big: out of memory: the Java heap (64 MiB) ran out at step 7 of 12; the 4 frames "
                + "written are kept in out/x.xdmf; raise the limit with -Xmx through DEEPZERO_JAVA_OPTS",
                err.toString(StandardCharsets.UTF_8).strip());
    }
}
