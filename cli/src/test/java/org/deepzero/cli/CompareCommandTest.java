package org.deepzero.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deepzero.coupling.report.Summary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deepzero compare <run-a> <run-b>} on tiny runs of one case: A trains sol-zo 8 steps,
 * B 4 steps (same case hash, same references, same test rollouts: paired), and C is A's trained
 * correctors evaluated from other start frames (Welch). Runs of another case and folders that are not
 * runs are refused in one line, exit 2; nothing is ever written.
 */
class CompareCommandTest {
    @TempDir
    static Path dir;
    static Path a;
    static Path b;
    static Path c;

    @BeforeAll
    static void twoTinyRuns() throws IOException {
        Path caseA = tinyCase("a", Map.of());
        Path caseB = tinyCase("b", Map.of("steps = 8", "steps = 4"));
        Path caseC = tinyCase("c", Map.of("starts = 2", "starts = 3"));
        a = dir.resolve("run-a");
        b = dir.resolve("run-b");
        c = dir.resolve("run-c");
        ok(FuzzFixture.run("run", caseA.toString(), "--out", a.toString(), "--executor", "local:1"));
        // B's NON has A's settings: reused, so B trains only its 4 DeepZero steps
        copyTree(a.resolve("train/non"), b.resolve("train/non"));
        ok(FuzzFixture.run("run", caseB.toString(), "--out", b.toString(), "--executor", "local:1"));
        copyTree(a.resolve("train"), c.resolve("train"));
        ok(FuzzFixture.run("evaluate", caseC.toString(), "--out", c.toString(), "--executor", "local:1"));
    }

    /** The tiny case in its own folder, sharing one output folder (and so the references) with the others. */
    private static Path tinyCase(String name, Map<String, String> edits) throws IOException {
        Path folder = dir.resolve("case-" + name);
        Files.createDirectories(folder);
        String text;
        try (var in = CompareCommandTest.class.getClassLoader().getResourceAsStream("tiny-case/case.conf")) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> e : edits.entrySet()) {
            assertTrue(text.contains(e.getKey()), e.getKey());
            text = text.replaceFirst("(?m)^" + e.getKey(), e.getValue());
        }
        text = text.replace("dir = out", "dir = " + dir.resolve("out").toString().replace('\\', '/'));
        Files.writeString(folder.resolve("case.conf"), text);
        try (var in = CompareCommandTest.class.getClassLoader().getResourceAsStream("tiny-case/cylinder.mesh")) {
            Files.write(folder.resolve("cylinder.mesh"), in.readAllBytes());
        }
        return folder;
    }

    private static void ok(FuzzFixture.Run r) {
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void sameRolloutsArePairedAndTheSolverAloneDiffersByNothing() throws IOException {
        Map<String, String> before = FuzzFixture.snapshot(dir);
        FuzzFixture.Run r = FuzzFixture.run("compare", a.toString(), b.toString());
        assertEquals(0, r.code(), r.err());
        List<String> rows = r.out().lines().toList();
        String src = row(rows, "src"), zo = row(rows, "sol-zo");
        // SRC is the same solver from the same frames in both runs: exactly no difference
        assertTrue(src.contains("+0.00000 ± 0.00000") && src.endsWith("paired"), src);
        assertTrue(zo.endsWith("paired"), zo);
        // the difference is that of the two reports' means (B − A), rounded as printed
        double diff = mean(b, "sol-zo") - mean(a, "sol-zo");
        assertTrue(zo.contains(String.format(java.util.Locale.ROOT, "%+.5f ±", diff)), zo + " vs " + diff);
        assertEquals(before, FuzzFixture.snapshot(dir), "compare writes nothing");
    }

    @Test
    void otherRolloutsAreComparedByWelch() {
        FuzzFixture.Run r = FuzzFixture.run("compare", a.toString(), c.toString());
        assertEquals(0, r.code(), r.err());
        String zo = row(r.out().lines().toList(), "sol-zo");
        assertTrue(zo.endsWith("welch"), zo);
    }

    @Test
    void aRunOfAnotherCaseIsRefused() throws IOException {
        Path other = dir.resolve("other-case");
        copyTree(a.resolve("report"), other.resolve("report"));
        Path summary = other.resolve("report/summary.json");
        Files.writeString(summary, Files.readString(summary).replaceFirst("\"case_hash\" : \"[0-9a-f]",
                "\"case_hash\" : \"x"));
        refused(List.of("compare", a.toString(), other.toString()), "runs of different cases");
        refused(List.of("compare", a.toString(), dir.resolve("case-a").toString()), "no report in");
        refused(List.of("compare", a.toString(), b.toString(), c.toString()), "<run-a> <run-b>");
    }

    private static void refused(List<String> args, String says) {
        Map<String, String> before = FuzzFixture.snapshot(dir);
        FuzzFixture.Run r = FuzzFixture.run(args.toArray(String[]::new));
        assertEquals(2, r.code(), r.err());
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).contains(says), lines.get(0));
        assertFalse(InputFuzzTest.hasStackTrace(r.err() + r.out()));
        assertEquals(before, FuzzFixture.snapshot(dir));
    }

    private static String row(List<String> rows, String method) {
        return rows.stream().filter(l -> l.startsWith(method + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + method + " in " + rows));
    }

    private static double mean(Path run, String method) throws IOException {
        return Summary.read(run.resolve("report/summary.json")).methods().stream()
                .filter(m -> m.method().equals(method)).findFirst().orElseThrow().meanMae();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
