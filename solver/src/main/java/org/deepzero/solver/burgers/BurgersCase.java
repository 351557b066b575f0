package org.deepzero.solver.burgers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepzero.common.Hashing;
import org.deepzero.common.ProgressListener;
import org.deepzero.solver.MemoryEstimate;
import org.deepzero.solver.ReferenceGenerator;
import org.deepzero.solver.SolverVersion;
import org.deepzero.solver.io.CaseFile;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.solver.external.ExternalHost;
import org.deepzero.solver.pde.TrajectoryId;

/**
 * Forced 2D Burgers ({@code [pde] kind = burgers}) on the PDE contract, after Solver-in-the-Loop's
 * Burgers case: a periodic square, coarse {@code n x n} against a {@code factor} times finer reference,
 * a steady force of random sinusoids drawn from a seed. Parameters: {@code viscosity} and
 * {@code forcing_seed}; in {@code [training]} and {@code [evaluation]} each takes a list, and every
 * combination is one trajectory. The network sees u, v and the viscosity (the seed is a label, not
 * a quantity; the corrector must infer the force from the flow).
 *
 * @param file       the case file
 * @param name       the case name (its folder)
 * @param n          coarse cells per side
 * @param length     side of the domain
 * @param dt         coarse time step
 * @param factor     refinement of the reference (grid and time step)
 * @param warmup     coarse steps from rest before the first reference frame
 * @param frames     frames per reference trajectory
 * @param terms      sinusoids in the forcing
 * @param amplitude  bound of their amplitudes
 * @param frequency  bound of their angular frequencies
 * @param outputDir  where outputs go
 * @param hash       SHA-256 of everything that shapes the numbers
 */
public record BurgersCase(Path file, String name, int n, double length, double dt, int factor, int warmup,
                          int frames, int terms, double amplitude, double frequency, Path outputDir, String hash)
        implements ExternalHost<BurgersState> {
    /** The sections this kind reads. */
    public static final List<String> SECTIONS = List.of("burgers", "output");
    /** Case parameter: ν. */
    public static final String VISCOSITY = "viscosity";
    /** Case parameter: the seed of the forcing. */
    public static final String SEED = "forcing_seed";

    /** Reads {@code [burgers]} and {@code [output]}. */
    public static BurgersCase read(CaseFile cf) {
        CaseFile.Section s = cf.sectionOrEmpty("burgers");
        int n = s.integer("n", 32);
        double length = s.number("length", 32);
        double dt = s.number("dt", 0.1);
        int factor = s.integer("factor", 4);
        int warmup = s.integer("warmup_steps", 50);
        int frames = s.integer("frames", 100);
        int terms = s.integer("forcing_terms", 20);
        double amplitude = s.number("forcing_amplitude", 0.15);
        double frequency = s.number("forcing_frequency", 0.4);
        s.rejectUnknownKeys();
        if (n < 8) {
            throw s.error("n", "need at least 8 cells per side, got " + n);
        }
        if (!(length > 0)) {
            throw s.error("length", "must be positive, got " + length);
        }
        if (!(dt > 0)) {
            throw s.error("dt", "must be positive, got " + dt);
        }
        if (factor < 1) {
            throw s.error("factor", "must be at least 1, got " + factor);
        }
        if (warmup < 0) {
            throw s.error("warmup_steps", "must be >= 0, got " + warmup);
        }
        if (frames < 2) {
            throw s.error("frames", "must be at least 2, got " + frames);
        }
        if (terms < 0) {
            throw s.error("forcing_terms", "must be >= 0, got " + terms);
        }
        if (!(amplitude >= 0)) {
            throw s.error("forcing_amplitude", "must be >= 0, got " + amplitude);
        }
        if (frequency < 2 * Math.PI / length) {
            throw s.error("forcing_frequency", "below the lowest periodic frequency 2π/length = "
                    + 2 * Math.PI / length);
        }
        CaseFile.Section out = cf.sectionOrEmpty("output");
        Path dir = cf.file().toAbsolutePath().getParent();
        Path outDir = out.has("dir") ? out.path("dir") : (dir == null ? Path.of(".") : dir).resolve("out");
        out.string("dir", null);
        out.rejectUnknownKeys();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("kind", "burgers");
        settings.put("grid", Map.of("n", n, "length", length, "dt", dt));
        settings.put("reference", Map.of("factor", factor, "warmup_steps", warmup, "frames", frames));
        settings.put("forcing", Map.of("terms", terms, "amplitude", amplitude, "frequency", frequency,
                "mean_free", true));
        Path parent = cf.file().toAbsolutePath().getParent();
        String name = parent == null || parent.getFileName() == null ? "case" : parent.getFileName().toString();
        return new BurgersCase(cf.file(), name, n, length, dt, factor, warmup, frames, terms, amplitude, frequency,
                outDir, Hashing.ofSettings(settings));
    }

    /** The parameter set {@code {viscosity, forcing_seed}}. */
    public static CaseParameters parameters(double viscosity, long seed) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(VISCOSITY, viscosity);
        m.put(SEED, (double) seed);
        String nu = CaseParameters.trim(viscosity);
        return new CaseParameters(m, "nu=" + nu + " seed=" + seed, "nu" + nu + "-seed" + seed);
    }

    @Override
    public String kind() {
        return "burgers";
    }

    @Override
    public int[] channelShape() {
        return new int[] {2, n, n};
    }

    /** Unit velocity: the forced flows reach speeds of order one. */
    @Override
    public double fieldScale() {
        return 1.0;
    }

    @Override
    public List<String> featureNames() {
        return List.of(VISCOSITY);
    }

    /** ν = 0.1 with forcing seed 1. */
    @Override
    public List<CaseParameters> defaultTrainingParameters() {
        return List.of(parameters(0.1, 1));
    }

    @Override
    public List<CaseParameters> readParameters(CaseFile.Section s, boolean required) {
        if (!required && !s.has(VISCOSITY) && !s.has(SEED)) {
            return List.of();
        }
        double[] nus = s.numbers(VISCOSITY);
        double[] seeds = s.numbers(SEED);
        List<CaseParameters> out = new ArrayList<>();
        for (double nu : nus) {
            if (!(nu > 0)) {
                throw s.error(VISCOSITY, "must be positive, got " + nu);
            }
            for (double seed : seeds) {
                if (seed != Math.rint(seed) || seed < 0) {
                    throw s.error(SEED, "seeds are whole numbers >= 0, got " + seed);
                }
                out.add(parameters(nu, (long) seed));
            }
        }
        return out;
    }

    /** The solver on {@code n x n} cells (coarse) or a finer grid, at {@code p}. */
    Burgers2d solver(CaseParameters p, int cells, double step) {
        Forcing f = Forcing.sinusoids((long) p.get(SEED), terms, amplitude, frequency, length);
        return new Burgers2d(cells, length, p.get(VISCOSITY), step, f);
    }

    @Override
    public Burgers2d coarse(CaseParameters p) {
        return solver(p, n, dt);
    }

    /**
     * From rest (trajectory 0) or the perturbation {@link Burgers2d#initialState(int)}, {@code factor}
     * times finer in space and time; after the warm-up, every coarse step the fine field restricted
     * (block mean) onto the coarse grid ({@link ReferenceGenerator}). Cached in {@link #referenceFile}
     * and always returned as read back from it (float32), so fresh and cached data are the same.
     */
    @Override
    public List<BurgersState> reference(TrajectoryId id, ProgressListener listener) {
        Path file = referenceFile(id);
        if (Files.isRegularFile(file)) {
            return BurgersTrajectory.read(file);
        }
        CaseParameters p = id.parameters();
        Burgers2d fine = solver(p, n * factor, dt / factor);
        List<BurgersState> out = new ArrayList<>(frames);
        ReferenceGenerator.generate(fine, fine.initialState(id.trajectory()),
                new ReferenceGenerator.Plan(factor, warmup, frames, 1), s -> Burgers2d.restrict(s, factor), out::add,
                listener);
        writeTrajectory(file, p, warmup, out, SolverVersion.fingerprint());
        return BurgersTrajectory.read(file);
    }

    /** Generates the uncached references in parallel; each holds one fine solver and its frames. */
    @Override
    public void ensureTrajectories(List<TrajectoryId> ids, ProgressListener listener) {
        List<TrajectoryId> missing = ids.stream().distinct().filter(id -> !Files.isRegularFile(referenceFile(id)))
                .toList();
        if (missing.isEmpty()) {
            return;
        }
        long fine = (long) n * factor * n * factor;
        int atOnce = Math.min(missing.size(), java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1);
        MemoryEstimate.none().plus("fine solver", 8L * 12 * fine)
                .plus("frames", (long) frames * stateBytes()).times(atOnce)
                .requireFits("lower [burgers] factor, n or frames in " + file);
        MemoryEstimate.requireDisk(outputDir, missing.size() * (long) frames * 3 * 4 * n * n,
                "lower [burgers] frames in " + file);
        missing.parallelStream().forEach(id -> reference(id, listener.prefixed(id.label())));
    }

    /** Two double fields and the record. */
    @Override
    public long stateBytes() {
        return 2 * (8L * n * n + 16) + 48;
    }

    /** Two stages' right-hand sides and the intermediate state: about 8 fields. */
    @Override
    public long solverBytes() {
        return 8 * 8L * n * n;
    }

    @Override
    public String resolutionKeys() {
        return "[burgers] n";
    }

    @Override
    public String trajectoryExtension() {
        return ".h5";
    }

    /**
     * {@code <output>/reference-<key 12>-<tag>.h5}, the key over the case hash and the solver's
     * sources ({@link SolverVersion#dataKey}): a changed case or solver names another file.
     */
    @Override
    public Path referenceFile(TrajectoryId id) {
        return ReferenceGenerator.file(outputDir, hash, id, ".h5");
    }

    @Override
    public void writeTrajectory(Path file, CaseParameters p, long firstStep, List<BurgersState> frames,
                                String version) {
        Burgers2d any = coarse(p);
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("length", length);
        attrs.put("dt", dt);
        attrs.put("viscosity", p.get(VISCOSITY));
        attrs.put("forcing_seed", (long) p.get(SEED));
        attrs.put("first_step", firstStep);
        attrs.put("solver_version", version);
        attrs.put("case_hash", hash);
        BurgersTrajectory.write(file, frames, frames.stream().map(any::picture).toList(), attrs);
    }

    @Override
    public List<BurgersState> readTrajectory(Path file) {
        return BurgersTrajectory.read(file);
    }

    /** What an external coarse solver needs besides the parameters: grid, step and forcing settings. */
    @Override
    public Map<String, String> programSettings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("n", Integer.toString(n));
        m.put("length", Double.toString(length));
        m.put("dt", Double.toString(dt));
        m.put("forcing_terms", Integer.toString(terms));
        m.put("forcing_amplitude", Double.toString(amplitude));
        m.put("forcing_frequency", Double.toString(frequency));
        return m;
    }

    @Override
    public long stepOf(BurgersState state) {
        return state.step();
    }

    @Override
    public double timeOf(BurgersState state) {
        return state.time();
    }

    /** u then v from the channels, time and step advanced, with the in-process step's blow-up check. */
    @Override
    public BurgersState afterStep(BurgersState before, CaseParameters p, double[] channels) {
        int cells = n * n;
        if (channels.length != 2 * cells) {
            throw new IllegalArgumentException(channels.length + " values for 2 x " + n + " x " + n + " channels");
        }
        return Burgers2d.next(before, java.util.Arrays.copyOfRange(channels, 0, cells),
                java.util.Arrays.copyOfRange(channels, cells, 2 * cells), dt, length / n);
    }
}
