package org.deepzero.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The wake step of this build's solver against an older build's in the same JVM, in alternating rounds
 * on one thread: each build's classes are loaded by a class loader of its own (the older build's folders
 * before this jar, so its {@code org.deepzero.solver} classes win), and both step the same developed
 * state of {@code cases/karman-2d} (40 steps after rest) at the given multiples of the coarse grid. Prints
 * ms/step (thread CPU time) per build, the speed-up per round and its median, and whether the raw bits of
 * u, v and p after {@code trajectory} steps from rest are identical. Where {@link SolverSpeedup} compares
 * with the frozen copy from before the speed work, this compares with any commit.
 * <p>
 * The older build: {@code git archive <commit> solver/src/main/java | tar -x -C /tmp/old && javac -nowarn
 * -d /tmp/old/classes -cp bench/target/benchmarks.jar $(find /tmp/old -name '*.java')}, then, from the
 * repository root, {@code OMP_NUM_THREADS=1 java -cp bench/target/benchmarks.jar
 * org.deepzero.bench.SolverVersusBuild /tmp/old/classes [rounds] [trajectory] [factors...]}, defaults 5,
 * 200 and 1 2.
 */
public final class SolverVersusBuild {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private SolverVersusBuild() {
    }

    /** One build's wake flow at one grid, driven by reflection (its classes are not this loader's). */
    private static final class Build {
        private final Object flow;
        private final Method step;
        private final Method initial;
        private final Method[] fields;
        private final Object developed;
        private final String grid;

        Build(ClassLoader loader, int factor) throws Exception {
            Class<?> reader = loader.loadClass("org.deepzero.solver.flow.FlowCaseReader");
            Object c = reader.getMethod("read", Path.class).invoke(null, Path.of("cases/karman-2d"));
            double re = (double) c.getClass().getMethod("defaultReynolds").invoke(c);
            Object spec = c.getClass().getMethod("coarseSpec", double.class).invoke(c, re);
            spec = spec.getClass().getMethod("refined", int.class).invoke(spec, factor);
            Class<?> wake = loader.loadClass("org.deepzero.solver.flow.WakeFlow");
            Class<?> state = loader.loadClass("org.deepzero.solver.flow.FlowState");
            flow = wake.getConstructor(spec.getClass()).newInstance(spec);
            Object g = wake.getMethod("grid").invoke(flow);
            grid = g.getClass().getMethod("nx").invoke(g) + "x" + g.getClass().getMethod("ny").invoke(g);
            step = wake.getMethod("step", state);
            initial = wake.getMethod("initialState");
            fields = new Method[] {state.getMethod("uValues"), state.getMethod("vValues"),
                state.getMethod("pressureValues")};
            Object s = initial.invoke(flow);
            for (int k = 0; k < 40; k++) {
                s = step.invoke(flow, s);
            }
            developed = s;
        }

        /** Thread CPU milliseconds per step of {@code steps} steps from the developed state. */
        double run(int steps) throws Exception {
            long t0 = MX.getCurrentThreadCpuTime();
            Object s = developed;
            for (int k = 0; k < steps; k++) {
                s = step.invoke(flow, s);
            }
            return (MX.getCurrentThreadCpuTime() - t0) / 1e6 / steps;
        }

        /** The raw bits of u, v and p after {@code steps} steps from rest. */
        long[] bits(int steps) throws Exception {
            Object s = initial.invoke(flow);
            for (int k = 0; k < steps; k++) {
                s = step.invoke(flow, s);
            }
            List<Long> out = new ArrayList<>();
            for (Method m : fields) {
                for (double d : (double[]) m.invoke(s)) {
                    out.add(Double.doubleToRawLongBits(d));
                }
            }
            return out.stream().mapToLong(Long::longValue).toArray();
        }
    }

    /** @param args older build's class folders (':'-separated), rounds, trajectory steps, grid factors */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: SolverVersusBuild <older build's class folders, ':'-separated> [rounds]"
                    + " [trajectory] [factors...]");
            System.exit(2);
        }
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int trajectory = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int[] factors = args.length > 3 ? Arrays.stream(args, 3, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 2};
        List<URL> older = OlderBuild.classFolders(args[0]);
        URL self = SolverVersusBuild.class.getProtectionDomain().getCodeSource().getLocation();
        older.add(self);
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        ClassLoader before = new URLClassLoader(older.toArray(URL[]::new), platform);
        ClassLoader now = new URLClassLoader(new URL[] {self}, platform);
        System.out.printf(Locale.ROOT, "load average at start: %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        for (int factor : factors) {
            Build a = new Build(before, factor);
            Build b = new Build(now, factor);
            if (a.step.getDeclaringClass() == b.step.getDeclaringClass()) {
                throw new IllegalStateException("both builds resolved to the same classes");
            }
            // about 0.7 s of work per timed run (a coarse step costs about 0.25 us per cell), at least 5 steps
            int steps = Math.max(5, 1_400_000 / (2048 * factor * factor));
            for (int w = 0; w < 2; w++) {
                a.run(steps);
                b.run(steps);
            }
            double[] ratios = new double[rounds];
            double aMs = 0, bMs = 0;
            StringBuilder per = new StringBuilder();
            for (int r = 0; r < rounds; r++) {
                double x = a.run(steps), y = b.run(steps);
                ratios[r] = x / y;
                aMs += x / rounds;
                bMs += y / rounds;
                per.append(String.format(Locale.ROOT, " %.2f", ratios[r]));
            }
            double[] sorted = ratios.clone();
            Arrays.sort(sorted);
            boolean same = Arrays.equals(a.bits(trajectory), b.bits(trajectory));
            System.out.printf(Locale.ROOT, "%s: older %.3f ms/step, this build %.3f ms/step, per round%s,"
                    + " median %.2fx; u, v, p bits after %d steps from rest %s%n", b.grid, aMs, bMs,
                    per, sorted[rounds / 2], trajectory, same ? "identical" : "DIFFER");
        }
        System.out.printf(Locale.ROOT, "load average at end: %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
