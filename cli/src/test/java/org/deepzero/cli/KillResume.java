package org.deepzero.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.deepzero.zo.param.ParameterIO;
import org.deepzero.zo.prune.LayerRatios;
import org.deepzero.zo.train.Checkpoint;
import org.deepzero.zo.train.CheckpointStore;

/**
 * Runs {@code deepzero} in child JVMs (the test class path, {@code OMP_NUM_THREADS=1}) and kills them
 * with SIGKILL ({@link Process#destroyForcibly}) at seeded-random moments: a random time into the
 * run (usually during a step), or exactly while a checkpoint, a parameter file or a metrics line is
 * being written ({@code -Ddeepzero.test.killPoint} makes the chosen write stop at its most fragile
 * point and say so). After every kill the run folder is checked: every file a resume reads must
 * read whole.
 */
final class KillResume {

    /** Where a kill lands. */
    enum Moment { TIME, CHECKPOINT_WRITE, PARAMS_WRITE, METRICS_WRITE }

    /** One planned kill: the moment, and which occurrence of it (or milliseconds for TIME). */
    record Kill(Moment moment, int which) {
    }

    /** What happened to one launch. */
    record Launch(boolean killed, int exitCode, String output, double seconds) {
    }

    private KillResume() {
    }

    /** A seeded plan of {@code n} kills; TIME kills land 1.5 s to {@code maxMs} into a launch. */
    static List<Kill> plan(long seed, int n, int maxMs, boolean hasParamsWrites) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Kill> kills = new ArrayList<>();
        Moment[] moments = Moment.values();
        for (int i = 0; i < n; i++) {
            Moment m = moments[r.nextInt(moments.length)];
            if (m == Moment.PARAMS_WRITE && !hasParamsWrites) {
                m = Moment.CHECKPOINT_WRITE;
            }
            // early occurrences, so that most kills land before the run ends
            int which = switch (m) {
                case TIME -> 1500 + r.nextInt(Math.max(1, maxMs - 1500));
                case PARAMS_WRITE -> 1;
                default -> 1 + r.nextInt(2);
            };
            kills.add(new Kill(m, which));
        }
        return kills;
    }

    /** The child's command line: this test's class path and {@code org.deepzero.cli.Main}. */
    static List<String> command(Kill kill, List<String> args) {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=2g", "-cp", cp));
        if (kill != null && kill.moment() != Moment.TIME) {
            cmd.add("-Ddeepzero.test.killPoint=" + marker(kill.moment()) + ":" + kill.which());
        }
        cmd.add("org.deepzero.cli.Main");
        cmd.addAll(args);
        return cmd;
    }

    /**
     * Starts the command and, if {@code kill} is given, kills it at that moment; waits for the end.
     *
     * @param kill null to let it finish
     */
    static Launch launch(List<String> args, Kill kill, Path workDir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command(kill, args)).redirectErrorStream(true)
                .directory(workDir.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        long t0 = System.nanoTime();
        Process p = pb.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        StringBuilder all = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                }
            } catch (IOException e) {
                // the process was killed: its output simply ends
            }
        }, "kill-resume-output");
        reader.setDaemon(true);
        reader.start();
        boolean killed = false;
        String marker = kill == null || kill.moment() == Moment.TIME ? null : "deepzero.test: stopped writing";
        long deadline = kill != null && kill.moment() == Moment.TIME ? t0 + kill.which() * 1_000_000L : Long.MAX_VALUE;
        while (p.isAlive() || !lines.isEmpty()) {
            String l = lines.poll(20, TimeUnit.MILLISECONDS);
            if (l != null) {
                all.append(l).append('\n');
                if (marker != null && l.startsWith(marker) && p.isAlive()) {
                    p.destroyForcibly();
                    killed = true;
                }
            }
            if (System.nanoTime() - t0 > 600_000_000_000L && p.isAlive()) {
                // a child that hangs must not hang the build
                p.destroyForcibly();
                throw new AssertionError("deepzero " + args + " still running after 10 minutes:\n" + all);
            }
            if (!killed && System.nanoTime() >= deadline && p.isAlive()) {
                p.destroyForcibly();
                killed = true;
            }
            if (!p.isAlive() && lines.isEmpty()) {
                reader.join(1000);
                if (lines.isEmpty()) {
                    break;
                }
            }
        }
        int code = p.waitFor();
        return new Launch(killed, code, all.toString(), (System.nanoTime() - t0) * 1e-9);
    }

    /** The file-name suffix the hook watches for a moment (common's {@code CrashTestHook}). */
    private static String marker(Moment m) {
        return switch (m) {
            case CHECKPOINT_WRITE -> ".dzck";
            case PARAMS_WRITE -> ".params";
            case METRICS_WRITE -> ".jsonl";
            case TIME -> "";
        };
    }

    /**
     * Checks that every file a resume reads in {@code dir} (recursively) is whole: checkpoints pass
     * their checksum, parameter files and layer ratios load, a finished-marker hash is a full line,
     * and every metrics line but a torn last one is a JSON object.
     *
     * @return the number of files checked
     */
    static int assertReadable(Path dir) throws IOException {
        int n = 0;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".dzck")) {
                    CheckpointStore.read(p);
                } else if (name.endsWith(".params")) {
                    ParameterIO.load(p);
                } else if (name.equals("ratios.txt")) {
                    LayerRatios.load(p);
                } else if (name.equals("config.sha")) {
                    String t = Files.readString(p);
                    if (!t.matches("[0-9a-f]{16,64}\n")) {
                        throw new AssertionError("half-written " + p + ": '" + t + "'");
                    }
                } else if (name.equals("config.txt")) {
                    String t = Files.readString(p);
                    if (!t.startsWith("# deepzero vision train\n") || !t.matches("(?s).*\nconfigHash=[0-9a-f]+\n")) {
                        throw new AssertionError("half-written " + p);
                    }
                } else if (name.equals("metrics.jsonl")) {
                    List<String> lines = Files.readAllLines(p);
                    for (int i = 0; i < lines.size() - 1; i++) {
                        JSON.readTree(lines.get(i));
                    }
                } else {
                    continue;
                }
                n++;
            }
        }
        return n;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Temporary files that killed writes left behind (never read, but they do pile up). */
    static long leftovers(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
        }
    }

    /** The metrics of a log without the wall-clock fields, which differ between any two runs. */
    static List<JsonNode> metricsWithoutTimes(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            ObjectNode o = (ObjectNode) JSON.readTree(line);
            o.remove(List.of("wall_s", "epoch_train_s"));
            out.add(o);
        }
        return out;
    }

    /** A checkpoint without its wall-clock seconds. */
    static String checkpointWithoutTime(Path file) {
        Checkpoint c = CheckpointStore.read(file);
        return c.step() + " " + java.util.Arrays.toString(c.theta()) + " " + c.optimizerState() + " "
                + java.util.Arrays.toString(c.optimizerState().buffers().stream().map(java.util.Arrays::toString)
                        .toArray()) + " " + Double.doubleToLongBits(c.bestMetric()) + " " + c.totalQueries() + " "
                + c.seed() + " " + c.configHash();
    }

    static void copyTree(Path from, Path to) {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
