package org.deepzero.cli;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.deepzero.solver.ReferenceGenerator;
import org.deepzero.solver.SolverVersion;
import org.deepzero.solver.flow.FlowState;
import org.deepzero.solver.flow.WakeReferences;
import org.deepzero.solver.flow.WakeTrajectoryReader;
import org.deepzero.solver.flow.WakeTrajectoryWriter;
import org.deepzero.solver.grid.StaggeredGrid;
import org.deepzero.solver.flow.FlowCase;
import org.deepzero.solver.flow.FlowCaseReader;
import org.deepzero.solver.flow.TrajectoryMeta;
import org.deepzero.solver.io.TrajectoryWriter;
import org.deepzero.vision.data.Cifar10;
import org.deepzero.vision.data.Cifar10Location;

/**
 * The real inputs the fuzz tests mutate, laid out in one temporary folder: the project's cases and
 * mesh, the tiny test case, a trajectory written by {@link TrajectoryWriter}, CIFAR-10 shards cut
 * from the real data, and the parameters, checkpoint and layer ratios of a real tiny
 * {@code vision train} / {@code vision prune} run. Also runs the command in-process with every
 * stream captured, and snapshots folders (names, sizes, SHA-256).
 */
final class FuzzFixture {
    /** Records per CIFAR-10 shard made for the fuzz tests. */
    static final int RECORDS = 20;

    final Path root;
    final Path data;
    final Path visionRun;
    final Path tinyCase;
    final FlowCase tinyFlow;
    final Map<String, byte[]> cases = new LinkedHashMap<>();
    final byte[] mesh;
    final byte[] trajectory;
    final byte[] trainShard;
    final byte[] testShard;
    final byte[] params;
    final byte[] checkpoint;
    final byte[] ratios;

    /** Options of the tiny vision runs: a width-2 depth-1 CNN, a few images, one thread. */
    static final List<String> TINY_VISION = List.of("--width", "2", "--train-images", "16", "--test-images", "8",
            "--bn-images", "8", "--batch", "8", "--threads", "1");

    FuzzFixture() throws IOException {
        root = Files.createTempDirectory("deepzero-fuzz");
        Path project = projectRoot();
        Files.createDirectories(root.resolve("meshes"));
        mesh = Files.readAllBytes(project.resolve("meshes/cylinder.mesh"));
        Files.write(root.resolve("meshes/cylinder.mesh"), mesh);
        for (String c : List.of("karman-2d", "karman-2d-full")) {
            byte[] text = Files.readAllBytes(project.resolve("cases").resolve(c).resolve("case.conf"));
            cases.put(c, text);
            Files.createDirectories(root.resolve("cases").resolve(c));
            Files.write(root.resolve("cases").resolve(c).resolve("case.conf"), text);
        }
        tinyCase = root.resolve("cases/tiny");
        Files.createDirectories(tinyCase);
        byte[] tiny = resource("tiny-case/case.conf");
        cases.put("tiny", tiny);
        Files.write(tinyCase.resolve("case.conf"), tiny);
        Files.write(tinyCase.resolve("cylinder.mesh"), resource("tiny-case/cylinder.mesh"));
        tinyFlow = FlowCaseReader.read(tinyCase);
        trajectory = realTrajectory();

        data = root.resolve("cifar10");
        Files.createDirectories(data);
        Path shared = cifar10();
        trainShard = Arrays.copyOf(Files.readAllBytes(Cifar10.files(shared, Cifar10.Split.TRAIN).get(0)),
                RECORDS * Cifar10.RECORD_BYTES);
        testShard = Arrays.copyOf(Files.readAllBytes(Cifar10.files(shared, Cifar10.Split.TEST).get(0)),
                RECORDS * Cifar10.RECORD_BYTES);
        Files.write(data.resolve("cifar10-train-000.bin"), trainShard);
        Files.write(data.resolve("cifar10-test-000.bin"), testShard);

        visionRun = root.resolve("vision-run");
        Run train = run(visionArgs("train", "--method", "rge", "--queries", "2", "--out", visionRun.toString()));
        if (train.code() != 0) {
            throw new IllegalStateException("tiny vision train failed: " + train.err());
        }
        params = Files.readAllBytes(visionRun.resolve("final.params"));
        checkpoint = Files.readAllBytes(visionRun.resolve("checkpoint.dzck"));
        Path ratiosFile = root.resolve("ratios.txt");
        Run prune = run(visionArgs("prune", "--sparsity", "0.99", "--pruning", "random", "--out", ratiosFile.toString()));
        if (prune.code() != 0) {
            throw new IllegalStateException("tiny vision prune failed: " + prune.err());
        }
        ratios = Files.readAllBytes(ratiosFile);
        Files.delete(ratiosFile);
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                originals.put(p, Files.isDirectory(p) ? null : Files.readAllBytes(p));
            }
        }
    }

    /** Every file and folder of the fixture as made (folders map to null). */
    private final Map<Path, byte[]> originals = new LinkedHashMap<>();

    /**
     * Puts the fixture back as it was made after a valid fuzz case ran (which may legitimately write
     * anywhere it was pointed, even over a data file): new files go, changed ones are rewritten.
     */
    void restore() {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!originals.containsKey(p)) {
                    Files.delete(p);
                }
            }
            for (Map.Entry<Path, byte[]> e : originals.entrySet()) {
                if (e.getValue() == null) {
                    Files.createDirectories(e.getKey());
                } else if (!Files.isRegularFile(e.getKey())
                        || !Arrays.equals(Files.readAllBytes(e.getKey()), e.getValue())) {
                    Files.write(e.getKey(), e.getValue());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code vision <action> --data <shards>} and the tiny options, then {@code more}. */
    String[] visionArgs(String action, String... more) {
        List<String> a = new ArrayList<>(List.of("vision", action, "--data", data.toString()));
        a.addAll(TINY_VISION);
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** A small trajectory of the tiny case's grid, written by the project's writer. */
    private byte[] realTrajectory() throws IOException {
        StaggeredGrid g = new StaggeredGrid(tinyFlow.nx(), tinyFlow.ny(), tinyFlow.mesh().width(),
                tinyFlow.mesh().height());
        List<FlowState> frames = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            double[] u = new double[g.uCount()], v = new double[g.vCount()], p = new double[g.cellCount()];
            for (int k = 0; k < u.length; k++) {
                u[k] = 1 + 0.01 * Math.sin(k + f);
            }
            for (int k = 0; k < v.length; k++) {
                v[k] = 0.01 * Math.cos(k - f);
            }
            frames.add(FlowState.of(g, u, v, p, f * tinyFlow.dt(), 20 + f));
        }
        // the writer makes an XDMF index and HDF5 parts; a part alone is a trajectory in the single-file layout
        Path dir = Files.createDirectories(root.resolve("trajectory"));
        Path file = dir.resolve("trajectory" + TrajectoryWriter.EXTENSION);
        WakeTrajectoryWriter.write(file, meta(tinyFlow.nx(), tinyFlow.ny()), frames, null, new boolean[g.cellCount()]);
        List<Path> parts = WakeTrajectoryReader.partFiles(file);
        if (parts.size() != 1) {
            throw new IllegalStateException("expected one part, the writer made " + parts);
        }
        byte[] bytes = Files.readAllBytes(parts.get(0));
        deleteTree(dir);
        return bytes;
    }

    TrajectoryMeta meta(int nx, int ny) {
        return new TrajectoryMeta(nx, ny, tinyFlow.mesh().width(), tinyFlow.mesh().height(), 1.0, 100, tinyFlow.dt(),
                2, 20, 1, SolverVersion.VERSION, tinyFlow.hash());
    }

    /**
     * Where {@code check} and {@code train} look for the tiny case's reference at Re 100 in the
     * single-file HDF5 layout (read when no XDMF index exists).
     */
    Path referenceFile() {
        return WakeReferences.singleFile(WakeReferences.file(tinyFlow, 100));
    }

    /**
     * A trajectory-like HDF5 file with one structural fault: {@code fault} names a dataset or attribute
     * to drop ("-u"), to give the wrong type ("~nx"), or a dataset to give the wrong shape ("#u").
     */
    static void writeStructural(Path file, TrajectoryMeta m, String fault) {
        int n = 2, nx = m.nx(), ny = m.ny();
        Map<String, Object> sets = new LinkedHashMap<>();
        sets.put("u", new float[n][ny][nx + 1]);
        sets.put("v", new float[n][ny + 1][nx]);
        sets.put("p", new float[n][ny][nx]);
        sets.put("time", new double[n]);
        sets.put("step", new long[n]);
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("nx", nx);
        attrs.put("ny", ny);
        attrs.put("width", m.width());
        attrs.put("height", m.height());
        attrs.put("inflow_speed", m.inflowSpeed());
        attrs.put("reynolds", m.reynolds());
        attrs.put("dt", m.dt());
        attrs.put("factor", m.factor());
        attrs.put("first_step", m.firstStep());
        attrs.put("stride", m.stride());
        attrs.put("solver_version", m.solverVersion());
        attrs.put("case_hash", m.caseHash());
        String name = fault.substring(1);
        switch (fault.charAt(0)) {
            case '-' -> {
                sets.remove(name);
                attrs.remove(name);
            }
            case '~' -> {
                if (sets.containsKey(name)) {
                    sets.put(name, new int[] {1, 2});
                } else {
                    attrs.put(name, attrs.get(name) instanceof String ? (Object) 3.5 : "not a number");
                }
            }
            case '#' -> sets.put(name, switch (name) {
                case "u" -> new float[n][ny + 1][nx + 1];
                case "v" -> new float[n + 1][ny + 1][nx];
                case "p" -> new float[n][nx];
                case "time" -> new double[n + 3];
                default -> new long[][] {{1, 2}, {3, 4}};
            });
            default -> throw new IllegalArgumentException(fault);
        }
        try (WritableHdfFile h = HdfFile.write(file)) {
            sets.forEach(h::putDataset);
            attrs.forEach(h::putAttribute);
        }
    }

    /** The structural faults {@link #writeStructural} knows. */
    static final List<String> STRUCTURAL = List.of("-u", "-v", "-p", "-time", "-step", "-nx", "-ny", "-reynolds",
            "-case_hash", "-solver_version", "-dt", "~u", "~time", "~nx", "~ny", "~reynolds", "~case_hash",
            "~solver_version", "~width", "#u", "#v", "#p", "#time", "#step");

    /** One in-process invocation of the command. */
    record Run(int code, String out, String err) {
    }

    /**
     * Runs {@code deepzero args} in this JVM with standard output and error captured, including what
     * commands print to {@code System.out}/{@code System.err} directly.
     */
    static Run run(String... args) {
        return run(null, args);
    }

    /**
     * {@link #run(String...)} with the default CIFAR-10 folder (used when {@code --data} is left out)
     * pointed at {@code data}, so a fuzzed vector without {@code --data} reads a few images, not 60,000.
     */
    static Run run(Path data, String... args) {
        String oldData = System.getProperty(Cifar10Location.PROPERTY);
        if (data != null) {
            System.setProperty(Cifar10Location.PROPERTY, data.toString());
        }
        try {
            return capture(args);
        } finally {
            if (data != null) {
                if (oldData == null) {
                    System.clearProperty(Cifar10Location.PROPERTY);
                } else {
                    System.setProperty(Cifar10Location.PROPERTY, oldData);
                }
            }
        }
    }

    private static Run capture(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out, oldErr = System.err;
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code;
        System.setOut(o);
        System.setErr(e);
        try {
            code = new Main(Commands.all(), o, e).execute(args);
        } catch (Throwable t) {
            // an escape from Main is itself a finding: report it like a stack trace
            t.printStackTrace(e);
            code = -1;
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Every file under {@code dir} (relative name to size and SHA-256), folders as names. */
    static Map<String, String> snapshot(Path dir) {
        Map<String, String> m = new TreeMap<>();
        if (!Files.exists(dir)) {
            return m;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = dir.relativize(p).toString();
                if (Files.isDirectory(p)) {
                    m.put(name + "/", "dir");
                } else {
                    byte[] b = Files.readAllBytes(p);
                    m.put(name, b.length + " " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return m;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        // twice: a background thread of a finished command may still have closed a file late
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                deleteOnce(dir);
                return;
            } catch (UncheckedIOException e) {
                if (attempt == 1) {
                    throw e;
                }
            }
        }
    }

    private static void deleteOnce(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (var in = FuzzFixture.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("test resource " + name + " missing");
            }
            return in.readAllBytes();
        }
    }

    static Path projectRoot() {
        for (Path p : new Path[] {Path.of(".."), Path.of(".")}) {
            if (Files.isRegularFile(p.resolve("cases/karman-2d/case.conf"))) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("project root with cases/karman-2d not found from " + Path.of("").toAbsolutePath());
    }

    /** The CIFAR-10 folder, by the project's one lookup rule ({@link Cifar10Location}). */
    static Path cifar10() {
        return Cifar10Location.find().orElseThrow(() -> new IllegalStateException(Cifar10Location.notFoundMessage()));
    }
}
