package org.deepzero.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.deepzero.solver.flow.WakeTrajectoryReader;
import org.deepzero.solver.io.InputException;
import org.deepzero.vision.data.Cifar10;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing of everything a user hands to {@code deepzero}: real case files, the mesh, HDF5
 * trajectories (truncated, bit-flipped, with a dataset or attribute missing, of the wrong type or
 * shape), CIFAR-10 shards, parameter files, checkpoints, layer-ratio files and argument vectors,
 * each mutated by a seeded generator ({@link Gen}, {@link Mutations}) and fed to the command in-process. Every outcome must be exit 0 or 2, never
 * a stack trace; every error exactly one line naming the file (text files: with its line or key;
 * binary files where the reader knows it: the offset); and an error writes nothing (the fixture
 * folder is compared, names, sizes and SHA-256, before and after). A mutant that is still valid runs
 * only cheap work: {@code deepzero check} for cases, meshes and trajectories, a tiny
 * {@code vision evaluate}/{@code train} for the vision inputs.
 * <p>
 * The default run tries about 1,100 inputs (20 to 30 s); {@link InputFuzzSlowTest} ten times as many.
 * Counts per kind are printed at the end. Every test has a fixed seed, printed; {@code -Ddeepzero.fuzz.seed=N}
 * overrides it ({@link SeededTries}).
 */
class InputFuzzTest {
    static FuzzFixture fx;
    /** Distinct mutated inputs per kind (SHA-256 of the mutated bytes or argument vector). */
    static final Map<String, Set<String>> DISTINCT = new ConcurrentHashMap<>();
    /** Errors (exit 2) per kind, and those that give a line, key or offset. */
    static final Map<String, int[]> ERRORS = new ConcurrentHashMap<>();
    /** Seconds spent per kind. */
    static final Map<String, double[]> SECONDS = new ConcurrentHashMap<>();
    /** A few errors per kind that name no location, to print. */
    static final Map<String, List<String>> UNLOCATED = new ConcurrentHashMap<>();
    static long started;

    private static final Pattern LOCATION = Pattern.compile(":\\d+:|\\[[a-z]+\\]|\\boffset\\b|\\brecord \\d+|line \\d+"
            + "|\\b(dataset|attribute)s? '|\\blayer '|\\bkeep ratio\\b|\\bparameter layout\\b|\\bvalues for a space\\b"
            + "|\\btruncated\\b|\\bdimension\\b");

    /** What an argument error must name: the option, the positional argument or the command. */
    private static final Pattern ARGUMENT = Pattern.compile("--[a-z]|-[a-z]\\b|argument|command|<case>|case not found"
            + "|\\[output\\] dir|\\.conf|after 'vision'|no report in");

    @BeforeAll
    static void setUp() throws IOException {
        started = System.nanoTime();
        if (fx == null) {
            fx = new FuzzFixture();
        }
    }

    @AfterAll
    static void report() {
        int total = 0;
        StringBuilder b = new StringBuilder("fuzzed inputs per kind (distinct / errors exit 2 / errors with line, key or offset):\n");
        for (Map.Entry<String, Set<String>> e : new TreeMap<>(DISTINCT).entrySet()) {
            int[] err = ERRORS.getOrDefault(e.getKey(), new int[2]);
            b.append(String.format("  %-10s %5d / %5d / %5d   %5.1f s%n", e.getKey(), e.getValue().size(), err[0], err[1],
                    SECONDS.getOrDefault(e.getKey(), new double[1])[0]));
            UNLOCATED.getOrDefault(e.getKey(), List.of()).forEach(l -> b.append("      unlocated: ").append(l).append('\n'));
            total += e.getValue().size();
        }
        b.append(String.format("  total      %5d distinct inputs in %.1f s%n", total, (System.nanoTime() - started) * 1e-9));
        System.out.print(b);
        boolean enough = total >= 1000;
        DISTINCT.clear();
        ERRORS.clear();
        SECONDS.clear();
        UNLOCATED.clear();
        FuzzFixture.deleteTree(fx.root);
        fx = null;
        if (!enough) {
            throw new AssertionError("only " + total + " distinct fuzzed inputs, the floor is 1,000");
        }
    }

    // ---- the tests; InputFuzzSlowTest runs the same checks with ten times the tries and other seeds

    @Test
    void caseFiles() throws IOException {
        caseFiles(20261130L, 220);
    }

    @Test
    void meshFiles() throws IOException {
        meshFiles(20261131L, 130);
    }

    @Test
    void trajectories() throws IOException {
        trajectories(20261132L, 170);
    }

    @Test
    void cifarShards() throws IOException {
        cifarShards(20261133L, 90);
    }

    @Test
    void parameterFiles() throws IOException {
        parameterFiles(20261134L, 110);
    }

    @Test
    void checkpoints() throws IOException {
        checkpoints(20261135L, 90);
    }

    @Test
    void ratioFiles() throws IOException {
        ratioFiles(20261136L, 80);
    }

    @Test
    void argumentVectors() throws IOException {
        argumentVectors(20261137L, 330);
    }

    // ---- seeded runs of each check, shared with InputFuzzSlowTest

    static final Gen<String> CASE_NAMES = Gen.of("karman-2d", "karman-2d-full", "tiny");

    /** No structural fault ("") half the time, else one of the writer's faults. */
    static final Gen<String> STRUCTURAL = Gen.frequency(Gen.weight(1, Gen.just("")),
            Gen.weight(1, Gen.of(FuzzFixture.STRUCTURAL)));

    static void caseFiles(long seed, int tries) throws IOException {
        Gen<List<Mutations.Edit>> edits = Mutations.text();
        SeededTries.run("caseFiles", seed, tries, r -> {
            String name = CASE_NAMES.next(r);
            List<Mutations.Edit> e = edits.next(r);
            timed("case", () -> checkCaseFile(name, e));
        });
    }

    static void meshFiles(long seed, int tries) throws IOException {
        Gen<List<Mutations.Edit>> edits = Mutations.text();
        SeededTries.run("meshFiles", seed, tries, r -> {
            List<Mutations.Edit> e = edits.next(r);
            timed("mesh", () -> checkMesh(e));
        });
    }

    static void trajectories(long seed, int tries) throws IOException {
        Gen<List<Mutations.Edit>> edits = Mutations.binary();
        SeededTries.run("trajectories", seed, tries, r -> {
            String fault = STRUCTURAL.next(r);
            List<Mutations.Edit> e = edits.next(r);
            timed("hdf5", () -> checkTrajectory(fault, e));
        });
    }

    static void cifarShards(long seed, int tries) throws IOException {
        Gen<Boolean> split = Gen.booleans();
        Gen<List<Mutations.Edit>> edits = Mutations.records(Cifar10.RECORD_BYTES);
        SeededTries.run("cifarShards", seed, tries, r -> {
            boolean testSplit = split.next(r);
            List<Mutations.Edit> e = edits.next(r);
            timed("cifar", () -> checkCifar(testSplit, e));
        });
    }

    static void parameterFiles(long seed, int tries) throws IOException {
        Gen<List<Mutations.Edit>> edits = Mutations.binary();
        SeededTries.run("parameterFiles", seed, tries, r -> {
            List<Mutations.Edit> e = edits.next(r);
            timed("params", () -> checkParams(e));
        });
    }

    static void checkpoints(long seed, int tries) throws IOException {
        Gen<List<Mutations.Edit>> edits = Mutations.binary();
        SeededTries.run("checkpoints", seed, tries, r -> {
            List<Mutations.Edit> e = edits.next(r);
            timed("checkpoint", () -> checkCheckpoint(e));
        });
    }

    static void ratioFiles(long seed, int tries) throws IOException {
        Gen<List<Mutations.Edit>> edits = Mutations.text();
        SeededTries.run("ratioFiles", seed, tries, r -> {
            List<Mutations.Edit> e = edits.next(r);
            timed("ratios", () -> checkRatios(e));
        });
    }

    static void argumentVectors(long seed, int tries) throws IOException {
        Gen<List<String>> vectors = ArgFuzz.vectors(fx);
        SeededTries.run("argumentVectors", seed, tries, r -> {
            List<String> args = vectors.next(r);
            timed("args", () -> checkArgs(args));
        });
    }

    // ---- the checks, one per kind

    static void checkCaseFile(String name, List<Mutations.Edit> edits) throws IOException {
        Path file = fx.root.resolve("cases").resolve(name).resolve("case.conf");
        byte[] mutated = Mutations.apply(fx.cases.get(name), edits);
        Files.write(file, mutated);
        try {
            count("case", mutated);
            Map<String, String> before = FuzzFixture.snapshot(fx.root);
            FuzzFixture.Run r = FuzzFixture.run("check", file.getParent().toString());
            expect("case", r, List.of("case.conf"), true, before, edits);
        } finally {
            Files.write(file, fx.cases.get(name));
        }
    }

    static void checkMesh(List<Mutations.Edit> edits) throws IOException {
        Path file = fx.root.resolve("meshes/cylinder.mesh");
        byte[] mutated = Mutations.apply(fx.mesh, edits);
        Files.write(file, mutated);
        try {
            count("mesh", mutated);
            Map<String, String> before = FuzzFixture.snapshot(fx.root);
            FuzzFixture.Run r = FuzzFixture.run("check", fx.root.resolve("cases/karman-2d").toString());
            // a mesh that reads but fits no grid is reported at the case's [mesh] file key
            expect("mesh", r, List.of("cylinder.mesh", "case.conf"), true, before, edits);
        } finally {
            Files.write(file, fx.mesh);
        }
    }

    static void checkTrajectory(String fault, List<Mutations.Edit> edits) throws IOException {
        Path file = fx.referenceFile();
        Files.createDirectories(file.getParent());
        byte[] base = fx.trajectory;
        if (!fault.isEmpty()) {
            FuzzFixture.writeStructural(file, fx.meta(fx.tinyFlow.nx(), fx.tinyFlow.ny()), fault);
            base = Files.readAllBytes(file);
        }
        // a structural fault is tried alone as well as with byte edits
        byte[] mutated = !fault.isEmpty() && edits.size() == 1 ? base : Mutations.apply(base, edits);
        Files.write(file, mutated);
        try {
            count("hdf5", mutated);
            // the reader itself: a trajectory or an InputException of one line naming the file
            try {
                WakeTrajectoryReader.read(file);
            } catch (InputException e) {
                error("hdf5", e.getMessage(), List.of(file.getFileName().toString()), false, edits);
            } catch (Throwable t) {
                throw new AssertionError("hdf5 " + fault + " " + edits + ": " + t, t);
            }
            // and what the command makes of it: a cached, stale or damaged reference, never a failure
            Map<String, String> before = FuzzFixture.snapshot(fx.root);
            FuzzFixture.Run r = FuzzFixture.run("check", fx.tinyCase.toString());
            if (r.code() != 0 || hasStackTrace(r.err())) {
                throw new AssertionError("hdf5 " + fault + " " + edits + ": exit " + r.code() + "\n" + r.err());
            }
            String line = r.out().lines().filter(l -> l.startsWith("Re 100.0:")).findFirst().orElse("");
            if (!line.contains(file.getFileName().toString())) {
                throw new AssertionError("hdf5: check does not name the reference file: " + r.out());
            }
            // a check that succeeds writes its mask picture and nothing else (the one exception to "nothing written")
            Path mask = file.resolveSibling(CheckCommand.MASK);
            if (!Files.isRegularFile(mask)) {
                throw new AssertionError("hdf5: check of a valid case wrote no " + mask);
            }
            Files.delete(mask);
            assertUnchanged("hdf5", before, edits);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static void checkCifar(boolean testSplit, List<Mutations.Edit> edits) throws IOException {
        String name = testSplit ? "cifar10-test-000.bin" : "cifar10-train-000.bin";
        byte[] base = testSplit ? fx.testShard : fx.trainShard;
        Path file = fx.data.resolve(name);
        byte[] mutated = Mutations.apply(base, edits);
        Files.write(file, mutated);
        Path params = fx.visionRun.resolve("final.params");
        try {
            count("cifar", (name + HexFormat.of().formatHex(sha(mutated))).getBytes(StandardCharsets.UTF_8));
            Map<String, String> before = FuzzFixture.snapshot(fx.root);
            FuzzFixture.Run r = FuzzFixture.run(fx.visionArgs("evaluate", "--params", params.toString()));
            expect("cifar", r, List.of(name), false, before, edits);
        } finally {
            Files.write(file, base);
        }
    }

    static void checkParams(List<Mutations.Edit> edits) throws IOException {
        Path file = fx.root.resolve("fuzz.params");
        byte[] mutated = Mutations.apply(fx.params, edits);
        Files.write(file, mutated);
        try {
            count("params", mutated);
            Map<String, String> before = FuzzFixture.snapshot(fx.root);
            FuzzFixture.Run r = FuzzFixture.run(fx.visionArgs("evaluate", "--params", file.toString()));
            expect("params", r, List.of("fuzz.params"), false, before, edits);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static void checkCheckpoint(List<Mutations.Edit> edits) throws IOException {
        Path run = fx.root.resolve("resume-run");
        FuzzFixture.deleteTree(run);
        copyTree(fx.visionRun, run);
        byte[] mutated = Mutations.apply(fx.checkpoint, edits);
        Files.write(run.resolve("checkpoint.dzck"), mutated);
        try {
            count("checkpoint", mutated);
            Map<String, String> before = FuzzFixture.snapshot(fx.root);
            FuzzFixture.Run r = FuzzFixture.run(fx.visionArgs("train", "--method", "rge", "--queries", "2", "--resume",
                    "--out", run.toString()));
            expect("checkpoint", r, List.of("checkpoint.dzck"), false, before, edits);
        } finally {
            FuzzFixture.deleteTree(run);
        }
    }

    static void checkRatios(List<Mutations.Edit> edits) throws IOException {
        Path file = fx.root.resolve("fuzz-ratios.txt");
        byte[] mutated = Mutations.apply(fx.ratios, edits);
        Files.write(file, mutated);
        try {
            count("ratios", mutated);
            Map<String, String> before = FuzzFixture.snapshot(fx.root);
            FuzzFixture.Run r = FuzzFixture.run(fx.visionArgs("train", "--method", "cge", "--sparsity", "0.99",
                    "--ratios", file.toString(), "--train-images", "8", "--epochs", "1",
                    "--out", fx.root.resolve("scratch/ratios-run").toString()));
            expect("ratios", r, List.of("fuzz-ratios.txt"), true, before, edits);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static void checkArgs(List<String> args) {
        count("args", String.join("\u0000", args).getBytes(StandardCharsets.UTF_8));
        Map<String, String> before = FuzzFixture.snapshot(fx.root);
        FuzzFixture.Run r = FuzzFixture.run(fx.data, args.toArray(String[]::new));
        expect("args", r, List.of("deepzero"), false, before, args);
    }

    // ---- shared verdicts

    /** Runs one fuzz case of {@code kind}, adding its time to the kind's total. */
    static void timed(String kind, ThrowingRunnable body) throws IOException {
        long t0 = System.nanoTime();
        try {
            body.run();
        } finally {
            double[] t = SECONDS.computeIfAbsent(kind, k -> new double[1]);
            synchronized (t) {
                t[0] += (System.nanoTime() - t0) * 1e-9;
            }
        }
    }

    /** A fuzz case body. */
    interface ThrowingRunnable {
        void run() throws IOException;
    }

    private static void count(String kind, byte[] input) {
        DISTINCT.computeIfAbsent(kind, k -> ConcurrentHashMap.newKeySet()).add(HexFormat.of().formatHex(sha(input)));
    }

    /**
     * Exit 0 (outputs of a valid run are cleared) or exit 2 with one line naming one of {@code names},
     * no stack trace, and the fixture exactly as before.
     */
    private static void expect(String kind, FuzzFixture.Run r, List<String> names, boolean needsLocation,
                               Map<String, String> before, Object input) {
        String what = kind + " " + input;
        if (hasStackTrace(r.err()) || hasStackTrace(r.out())) {
            throw new AssertionError(what + ": stack trace (exit " + r.code() + ")\n" + r.err() + r.out());
        }
        if (r.code() == 0) {
            fx.restore();
            return;
        }
        if (r.code() != 2) {
            throw new AssertionError(what + ": exit " + r.code() + " for bad user input\n" + r.err());
        }
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        if (lines.size() != 1) {
            throw new AssertionError(what + ": " + lines.size() + " lines of error instead of one\n" + r.err());
        }
        error(kind, lines.get(0), names, needsLocation, input);
        assertUnchanged(what, before, input);
    }

    private static void error(String kind, String line, List<String> names, boolean needsLocation, Object input) {
        if (line.contains("\n") || names.stream().noneMatch(line::contains)) {
            throw new AssertionError(kind + " " + input + ": error does not name " + names + ": " + line);
        }
        boolean located = LOCATION.matcher(line).find() || kind.equals("args") && ARGUMENT.matcher(line).find();
        if (needsLocation && !located) {
            throw new AssertionError(kind + " " + input + ": error names no line, key or offset: " + line);
        }
        int[] c = ERRORS.computeIfAbsent(kind, k -> new int[2]);
        synchronized (c) {
            c[0]++;
            c[1] += located ? 1 : 0;
        }
        if (!located) {
            List<String> u = UNLOCATED.computeIfAbsent(kind, k -> java.util.Collections.synchronizedList(new ArrayList<>()));
            if (u.size() < 3) {
                u.add(line);
            }
        }
    }

    private static void assertUnchanged(String what, Map<String, String> before, Object input) {
        Map<String, String> after = FuzzFixture.snapshot(fx.root);
        if (!after.equals(before)) {
            List<String> diff = new ArrayList<>();
            for (String k : new java.util.TreeSet<>(Collections.unmodifiableSet(after.keySet()))) {
                if (!after.get(k).equals(before.get(k))) {
                    diff.add("+" + k);
                }
            }
            before.keySet().stream().filter(k -> !after.containsKey(k)).forEach(k -> diff.add("-" + k));
            throw new AssertionError(what + " " + input + ": a failed command changed files: " + diff);
        }
    }

    static boolean hasStackTrace(String text) {
        return text.contains("\tat ") || text.contains("Caused by:") || text.contains("internal error");
    }

    private static byte[] sha(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
