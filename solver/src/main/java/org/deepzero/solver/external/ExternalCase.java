package org.deepzero.solver.external;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.deepzero.common.Hashing;
import org.deepzero.common.ProgressListener;
import org.deepzero.solver.burgers.BurgersCase;
import org.deepzero.solver.io.CaseFile;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.solver.pde.PdeCase;

/**
 * A case whose coarse solver is an external program ({@code [pde] kind = external}): any executable
 * that speaks the DZX1 protocol on stdin/stdout (solver/README.md). The host PDE named by
 * {@code [external] host} keeps everything else — channel layout, parameters, the in-process fine
 * reference, pictures, trajectories — so only the coarse step, the solver in the loop, runs outside.
 * One pool of processes serves every parameter set (the parameters travel with each step).
 * {@code deepzero check} and {@code simulate} take their lines and defaults from the host; the
 * simulation itself ({@link PdeCase#simulate}'s default) steps the program.
 *
 * @param <S> the host's state type
 */
public final class ExternalCase<S> implements PdeCase<S>, AutoCloseable {
    /** A kind that can host an external coarse solver: the sections it reads and its reader. */
    private record Host(List<String> sections, Function<CaseFile, ExternalHost<?>> reader) {
    }

    /** The kinds whose channels are their whole state, so an external program can step them. */
    private static final Map<String, Host> HOSTS = new LinkedHashMap<>();

    static {
        HOSTS.put("burgers", new Host(BurgersCase.SECTIONS, BurgersCase::read));
    }

    private final ExternalHost<S> host;
    private final ExternalPool pool;
    private final String hash;

    private ExternalCase(ExternalHost<S> host, ExternalPool pool, String hash) {
        this.host = host;
        this.pool = pool;
        this.hash = hash;
    }

    /** The sections of an external case: {@code [external]} and its host's. */
    public static List<String> sections(CaseFile cf) {
        Host h = HOSTS.get(cf.sectionOrEmpty("external").string("host", "burgers"));
        List<String> out = new ArrayList<>(List.of("external"));
        if (h != null) {
            out.addAll(h.sections()); // an unknown host is reported by read
        }
        return out;
    }

    /**
     * Reads {@code [external]} and the host's sections. Processes start at the first step.
     *
     * @throws org.deepzero.common.InputException naming file, key and problem
     */
    public static ExternalCase<?> read(CaseFile cf) {
        CaseFile.Section s = cf.require("external");
        String hostKind = s.choice("host", "burgers", HOSTS.keySet().toArray(String[]::new));
        String commandLine = s.string("command");
        int processes = s.integer("processes", Runtime.getRuntime().availableProcessors());
        double timeout = s.number("timeout", 60);
        double startTimeout = s.number("start_timeout", 30);
        s.rejectUnknownKeys();
        if (processes < 1) {
            throw s.error("processes", "need at least 1, got " + processes);
        }
        if (!(timeout >= 0.001)) {
            throw s.error("timeout", "seconds per step, at least 0.001, got " + timeout);
        }
        if (!(startTimeout >= 0.001)) {
            throw s.error("start_timeout", "seconds, at least 0.001, got " + startTimeout);
        }
        Path dir = cf.file().toAbsolutePath().getParent();
        List<String> command = Arrays.stream(commandLine.strip().split("\\s+")).toList();
        requireProgram(s, command.get(0), dir);
        return of(HOSTS.get(hostKind).reader().apply(cf), command, dir, processes, timeout, startTimeout, cf.file());
    }

    private static <S> ExternalCase<S> of(ExternalHost<S> host, List<String> command, Path dir, int processes,
                                          double timeout, double startTimeout, Path file) {
        StringBuilder settings = new StringBuilder();
        int[] shape = host.channelShape();
        settings.append("channels = ").append(shape[0]).append('\n')
                .append("height = ").append(shape[1]).append('\n')
                .append("width = ").append(shape[2]).append('\n')
                .append("parameters = ").append(String.join(",", host.defaultTrainingParameters().get(0).names()))
                .append('\n');
        host.programSettings().forEach((k, v) -> settings.append(k).append(" = ").append(v).append('\n'));
        ExternalProgram program = new ExternalProgram(command, dir, settings.toString(),
                Duration.ofNanos(Math.round(timeout * 1e9)), Duration.ofNanos(Math.round(startTimeout * 1e9)), file);
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("kind", "external");
        h.put("host", host.hash());
        h.put("command", command);
        return new ExternalCase<>(host, new ExternalPool(program, processes), Hashing.ofSettings(h));
    }

    /** The program must exist: a path (with '/') relative to the case folder, or a name on {@code PATH}. */
    private static void requireProgram(CaseFile.Section s, String program, Path dir) {
        if (program.contains("/")) {
            Path p = dir == null ? Path.of(program) : dir.resolve(program);
            if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                throw s.error("command", "program " + p + " is not an executable file");
            }
            return;
        }
        String path = System.getenv("PATH");
        for (String d : (path == null ? "" : path).split(File.pathSeparator)) {
            if (!d.isEmpty()) {
                Path p = Path.of(d, program);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return;
                }
            }
        }
        throw s.error("command", "program '" + program + "' not found on PATH");
    }

    /** @return the hosting in-process case */
    public ExternalHost<S> host() {
        return host;
    }

    /** @return the processes that step */
    public ExternalPool pool() {
        return pool;
    }

    @Override
    public String kind() {
        return "external";
    }

    @Override
    public String name() {
        return host.name();
    }

    @Override
    public Path file() {
        return host.file();
    }

    /** The host's hash and the command: a different program makes different training runs. */
    @Override
    public String hash() {
        return hash;
    }

    @Override
    public Path outputDir() {
        return host.outputDir();
    }

    @Override
    public int frames() {
        return host.frames();
    }

    @Override
    public double fieldScale() {
        return host.fieldScale();
    }

    @Override
    public int[] channelShape() {
        return host.channelShape();
    }

    @Override
    public List<String> featureNames() {
        return host.featureNames();
    }

    @Override
    public List<CaseParameters> defaultTrainingParameters() {
        return host.defaultTrainingParameters();
    }

    @Override
    public List<CaseParameters> readParameters(CaseFile.Section section, boolean required) {
        return host.readParameters(section, required);
    }

    /** The host's solver at {@code p} with its step in the external program. */
    @Override
    public ExternalPde<S> coarse(CaseParameters p) {
        return new ExternalPde<>(host, host.coarse(p), p, pool);
    }

    /** The host's in-process fine reference (what the external coarse solver is trained to match). */
    @Override
    public List<S> reference(org.deepzero.solver.pde.TrajectoryId id, ProgressListener listener) {
        return host.reference(id, listener);
    }

    @Override
    public void ensureTrajectories(List<org.deepzero.solver.pde.TrajectoryId> ids, ProgressListener listener) {
        host.ensureTrajectories(ids, listener);
    }

    @Override
    public long stateBytes() {
        return host.stateBytes();
    }

    @Override
    public long solverBytes() {
        return host.solverBytes();
    }

    @Override
    public String trajectoryExtension() {
        return host.trajectoryExtension();
    }

    @Override
    public Path referenceFile(org.deepzero.solver.pde.TrajectoryId id) {
        return host.referenceFile(id);
    }

    @Override
    public void writeTrajectory(Path file, CaseParameters p, long firstStep, List<S> frames, String version) {
        host.writeTrajectory(file, p, firstStep, frames, version);
    }

    @Override
    public List<S> readTrajectory(Path file) {
        return host.readTrajectory(file);
    }

    @Override
    public String resolutionKeys() {
        return host.resolutionKeys();
    }

    @Override
    public List<String> checkLines(java.util.Collection<org.deepzero.solver.pde.TrajectoryId> trajectories) {
        return host.checkLines(trajectories);
    }

    @Override
    public CaseParameters simulationParameters(List<CaseParameters> training) {
        return host.simulationParameters(training);
    }

    @Override
    public int simulationSteps() {
        return host.simulationSteps();
    }

    /** Ends the processes. */
    @Override
    public void close() {
        pool.close();
    }
}
