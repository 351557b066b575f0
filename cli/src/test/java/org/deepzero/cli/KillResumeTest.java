package org.deepzero.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deepzero.vision.data.Cifar10;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety under {@code kill -9}: {@code deepzero train} (solver in the loop, the tiny case) and
 * {@code deepzero vision train} (sparse CGE on a few CIFAR-10 images) are killed at seeded-random
 * moments (a random time into the run, or exactly inside a checkpoint, parameter-file or metrics
 * write), resumed each time, and must end with parameters, checkpoints, layer ratios and metrics
 * (wall-clock fields aside) equal bit for bit to an uninterrupted run; after every kill, every file a
 * resume reads must read whole. The default run kills each command twice; the slow one ten times.
 */
class KillResumeTest {
    @TempDir
    Path dir;

    @Test
    void couplingTrainSurvivesTwoKills() throws Exception {
        coupling(2, 2);
    }

    @Test
    void visionTrainSurvivesTwoKills() throws Exception {
        vision(2, 13);
    }

    @Tag("slow")
    @Test
    void couplingTrainSurvivesTenKills() throws Exception {
        coupling(10, 12);
    }

    @Tag("slow")
    @Test
    void visionTrainSurvivesTenKills() throws Exception {
        vision(10, 22);
    }

    private void coupling(int kills, long seed) throws Exception {
        Path caseDir = dir.resolve("case");
        Files.createDirectories(caseDir);
        for (String f : List.of("case.conf", "cylinder.mesh")) {
            try (var in = getClass().getClassLoader().getResourceAsStream("tiny-case/" + f)) {
                Files.write(caseDir.resolve(f), in.readAllBytes());
            }
        }
        Path whole = dir.resolve("whole");
        Path killed = dir.resolve("killed");
        // the uninterrupted run also makes the reference data both runs then read from the case's cache
        KillResume.Launch ref = KillResume.launch(List.of("train", caseDir.toString(), "--out", whole.toString()),
                null, dir);
        assertEquals(0, ref.exitCode(), ref.output());
        List<String> args = List.of("train", caseDir.toString(), "--out", killed.toString());
        int landed = killAndResume(args, args, killed, kills, seed, 6000, () -> {
                    for (String m : List.of("non", "sol-zo")) {
                        Path a = whole.resolve("train").resolve(m), b = killed.resolve("train").resolve(m);
                        sameFiles(a, b, "theta.params", "config.sha");
                        if (m.equals("sol-zo")) {
                            sameFiles(a, b, ratiosFile(a)); // named by a key of what shapes them
                        }
                        sameCheckpointsAndMetrics(a, b);
                    }
                });
        assertTrue(landed >= kills, landed + " of " + kills + " kills landed");
    }

    private void vision(int kills, long seed) throws Exception {
        Path data = dir.resolve("cifar10");
        Files.createDirectories(data);
        Path shared = FuzzFixture.cifar10();
        Files.write(data.resolve("cifar10-train-000.bin"), Arrays.copyOf(Files.readAllBytes(
                Cifar10.files(shared, Cifar10.Split.TRAIN).get(0)), 48 * Cifar10.RECORD_BYTES));
        Files.write(data.resolve("cifar10-test-000.bin"), Arrays.copyOf(Files.readAllBytes(
                Cifar10.files(shared, Cifar10.Split.TEST).get(0)), 16 * Cifar10.RECORD_BYTES));
        Path whole = dir.resolve("whole");
        Path killed = dir.resolve("killed");
        List<String> common = List.of("vision", "train", "--data", data.toString(), "--method", "cge",
                "--sparsity", "0.9", "--pruning", "random", "--width", "2", "--train-images", "48", "--batch", "8",
                "--epochs", "2", "--test-images", "16", "--bn-images", "16", "--threads", "1", "--progress", "1");
        List<String> a = new ArrayList<>(common);
        a.addAll(List.of("--out", whole.toString()));
        KillResume.Launch ref = KillResume.launch(a, null, dir);
        assertEquals(0, ref.exitCode(), ref.output());
        List<String> b = new ArrayList<>(common);
        b.addAll(List.of("--out", killed.toString()));
        // as a user would: --resume once the run folder holds a checkpoint (without one, --resume is refused)
        List<String> resume = new ArrayList<>(b);
        resume.add("--resume");
        int landed = killAndResume(b, resume, killed, kills, seed, 5000, () -> {
            sameFiles(whole, killed, "final.params", "ratios.txt", "config.txt");
            sameCheckpointsAndMetrics(whole, killed);
        });
        assertTrue(landed >= kills, landed + " of " + kills + " kills landed");
    }

    /** Compares a finished killed-and-resumed run with the uninterrupted one. */
    interface Verdict {
        void check() throws Exception;
    }

    /**
     * Launches with seeded-random kills until {@code kills} have landed, resuming after each and checking
     * the run folder; when a run ends before its planned kill (the moment never came), it is compared
     * with the uninterrupted one and the next kills start a fresh run. Ends with an uninterrupted launch
     * and the comparison.
     */
    private int killAndResume(List<String> start, List<String> resume, Path runDir, int kills, long seed, int maxMs,
                              Verdict verdict) throws Exception {
        int landed = 0, runs = 1;
        StringBuilder log = new StringBuilder();
        long t0 = System.nanoTime();
        // at most twice the kills planned: a run that keeps ending first is itself a failure below
        for (KillResume.Kill k : KillResume.plan(seed, 2 * kills, maxMs, true)) {
            if (landed == kills) {
                break;
            }
            List<String> args = Files.exists(runDir.resolve("checkpoint.dzck")) ? resume : start;
            KillResume.Launch l = KillResume.launch(args, k, dir);
            log.append(String.format("  %-16s %d: %s after %.1f s%n", k.moment(), k.which(),
                    l.killed() ? "killed" : "exit " + l.exitCode(), l.seconds()));
            if (!l.killed()) {
                assertEquals(0, l.exitCode(), log + l.output());
                verdict.check();
                FuzzFixture.deleteTree(runDir);
                runs++;
                continue;
            }
            landed++;
            if (Files.exists(runDir)) {
                log.append("    ").append(KillResume.assertReadable(runDir)).append(" files read whole\n");
            }
        }
        List<String> args = Files.exists(runDir.resolve("checkpoint.dzck")) ? resume : start;
        KillResume.Launch last = KillResume.launch(args, null, dir);
        assertEquals(0, last.exitCode(), log + last.output());
        verdict.check();
        log.append("  ").append(KillResume.leftovers(runDir)).append(" temporary files left by killed writes\n");
        System.out.printf("kill -9 and resume, %s: %d kills in %d run(s), %.1f s, final state equal to the"
                + " uninterrupted run%n%s", String.join(" ", args.subList(0, args.get(0).equals("vision") ? 2 : 1)),
                landed, runs, (System.nanoTime() - t0) * 1e-9, log);
        return landed;
    }

    /** The one cached layer-ratio file of a coupling run folder ({@code ratios-<key>.txt}). */
    private static String ratiosFile(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            List<String> names = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("ratios-[0-9a-f]+\\.txt")).toList();
            assertEquals(1, names.size(), "ratio files in " + dir + ": " + names);
            return names.get(0);
        }
    }

    private static void sameFiles(Path a, Path b, String... names) throws IOException {
        for (String n : names) {
            assertArrayEquals(Files.readAllBytes(a.resolve(n)), Files.readAllBytes(b.resolve(n)), n + " differs");
        }
    }

    private static void sameCheckpointsAndMetrics(Path a, Path b) throws IOException {
        for (String n : List.of("checkpoint.dzck", "best.dzck")) {
            assertEquals(KillResume.checkpointWithoutTime(a.resolve(n)), KillResume.checkpointWithoutTime(b.resolve(n)),
                    n + " differs");
        }
        assertEquals(KillResume.metricsWithoutTimes(a.resolve("metrics.jsonl")),
                KillResume.metricsWithoutTimes(b.resolve("metrics.jsonl")), "metrics differ");
    }
}
