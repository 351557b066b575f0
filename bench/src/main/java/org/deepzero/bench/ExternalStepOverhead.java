package org.deepzero.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.deepzero.solver.burgers.Burgers2d;
import org.deepzero.solver.burgers.BurgersCase;
import org.deepzero.solver.burgers.BurgersState;
import org.deepzero.solver.external.ExternalCase;
import org.deepzero.solver.external.ExternalPde;
import org.deepzero.solver.external.ExternalPool;
import org.deepzero.solver.external.ExternalProgram;
import org.deepzero.solver.io.CaseFile;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.solver.pde.CoupledPde;
import org.deepzero.solver.pde.PdeKinds;

/**
 * What a coarse step costs when it runs in an external program ({@code [pde] kind = external}),
 * against the in-process step, in one run: wall time per step, one caller thread, of
 * <ol>
 *   <li>the in-process Java step ({@link Burgers2d}, the baseline);</li>
 *   <li>the same Java step in a second JVM behind the DZX1 protocol ({@link ExternalBurgersServer}):
 *       what the protocol and the process boundary add by themselves;</li>
 *   <li>the shipped Python program, {@code cases/burgers-2d-external/burgers_step.py};</li>
 *   <li>a Python program that answers with the state it got (the test program
 *       {@code solver/src/test/resources/external/fake_solver.py}): the protocol's round trip in Python.</li>
 * </ol>
 * Rounds alternate the four, so machine load hits them alike; the median per-round ratio to the
 * baseline is printed. The cost is CPU time: the caller thread's plus the child processes' (the
 * external work is another process's; wall time on a shared machine mostly measures the queue).
 *
 * <p>Run from the repository root (needs {@code python3}): {@code OMP_NUM_THREADS=1 java -cp
 * bench/target/benchmarks.jar org.deepzero.bench.ExternalStepOverhead [rounds]} (default 5).
 */
public final class ExternalStepOverhead {
    private ExternalStepOverhead() {
    }

    /** @param args rounds */
    @SuppressWarnings("unchecked")
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        CaseParameters p = BurgersCase.parameters(0.1, 3);
        try (ExternalCase<BurgersState> python = (ExternalCase<BurgersState>) PdeKinds.read(
                CaseFile.read(Path.of("cases/burgers-2d-external/case.conf")))) {
            Burgers2d in = (Burgers2d) python.host().coarse(p);
            String settings = python.pool().program().settings();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            try (ExternalPool javaPool = pool(List.of(java, "-cp", System.getProperty("java.class.path"),
                    ExternalBurgersServer.class.getName()), settings);
                 ExternalPool echoPool = pool(List.of("python3",
                         Path.of("solver/src/test/resources/external/fake_solver.py").toAbsolutePath().toString(),
                         "identity"), settings)) {
                List<CoupledPde<BurgersState>> solvers = List.of(in,
                        new ExternalPde<>(python.host(), in, p, javaPool), python.coarse(p),
                        new ExternalPde<>(python.host(), in, p, echoPool));
                String[] names = {"in-process Java", "Java behind DZX1", "Python burgers_step.py", "Python echo (protocol only)"};
                // about 0.3 s of CPU per run: /proc counts a process's CPU time in 10 ms ticks
                int[] steps = {8000, 4000, 100, 8000};
                BurgersState developed = in.initialState();
                for (int k = 0; k < 60; k++) {
                    developed = in.step(developed);
                }
                double[][] ms = new double[solvers.size()][rounds];
                double[][] wall = new double[solvers.size()][rounds];
                for (int i = 0; i < solvers.size(); i++) {
                    run(solvers.get(i), developed, steps[i]); // start the processes, warm the JITs
                }
                for (int r = 0; r < rounds; r++) {
                    for (int i = 0; i < solvers.size(); i++) {
                        long w0 = System.nanoTime();
                        ms[i][r] = run(solvers.get(i), developed, steps[i]);
                        wall[i][r] = (System.nanoTime() - w0) / 1e6 / steps[i];
                    }
                }
                System.out.println("coarse Burgers step, 32 x 32, CPU ms per step (caller thread + program) (median of " + rounds
                        + " alternating rounds) | per-round ratio to in-process | median ratio | wall ms per step (median)");
                for (int i = 0; i < solvers.size(); i++) {
                    double[] ratio = new double[rounds];
                    StringBuilder per = new StringBuilder();
                    for (int r = 0; r < rounds; r++) {
                        ratio[r] = ms[i][r] / ms[0][r];
                        per.append(String.format(Locale.ROOT, "%s%.1f", r == 0 ? "" : " ", ratio[r]));
                    }
                    System.out.printf(Locale.ROOT, "%s | %.4f | %s | %.1fx | %.4f%n", names[i], median(ms[i]), per,
                            median(ratio), median(wall[i]));
                }
            }
        }
    }

    private static ExternalPool pool(List<String> command, String settings) {
        return new ExternalPool(new ExternalProgram(command, Path.of(".").toAbsolutePath(), settings,
                Duration.ofSeconds(60), Duration.ofSeconds(60), Path.of("ExternalStepOverhead")), 1);
    }

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    /**
     * CPU milliseconds per step of {@code steps} steps from {@code start}: this thread's CPU time plus
     * that of this JVM's child processes (the external programs; only the one in use does work).
     */
    private static double run(CoupledPde<BurgersState> solver, BurgersState start, int steps) {
        long t0 = MX.getCurrentThreadCpuTime();
        long c0 = childrenCpuNanos();
        BurgersState s = start;
        for (int k = 0; k < steps; k++) {
            s = solver.step(s);
        }
        if (!Double.isFinite(s.kineticEnergy())) {
            throw new IllegalStateException("diverged");
        }
        return (MX.getCurrentThreadCpuTime() - t0 + childrenCpuNanos() - c0) / 1e6 / steps;
    }

    private static long childrenCpuNanos() {
        return ProcessHandle.current().children().mapToLong(h -> h.info().totalCpuDuration()
                .map(java.time.Duration::toNanos).orElse(0L)).sum();
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
