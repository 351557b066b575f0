package org.deepzero.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * CGE queries per second of this build against an older build of zo-train in the same JVM, in alternating
 * rounds on one thread: each build's classes ({@code org.deepzero.*}) are loaded by a child-first class
 * loader of their own over the shared ND4J, and run the same {@link QueryRateDriver} (the depth-3 CNN,
 * width 18; full forwards, feature reuse, delta, delta with K batched). Prints queries/s per build, the
 * speed-up per round and the largest relative difference between the two builds' query values.
 * <p>
 * The older build: {@code git archive <commit> | tar -x -C /tmp/old && (cd /tmp/old && mvn -B -q -o -pl
 * zo-train -am -DskipTests compile)}, then
 * {@code OMP_NUM_THREADS=1 java -cp bench/target/benchmarks.jar org.deepzero.bench.CgeQueryVersusBuild
 * /tmp/old/zo-train/target/classes:/tmp/old/common/target/classes [rounds] [batch] [coordinates] [K]}
 */
public final class CgeQueryVersusBuild {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private CgeQueryVersusBuild() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: CgeQueryVersusBuild <older build's class folders, ':'-separated> [rounds] [batch]"
                    + " [coordinates] [K]");
            System.exit(2);
        }
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        int coords = args.length > 3 ? Integer.parseInt(args[3]) : 96;
        int k = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        List<URL> older = OlderBuild.classFolders(args[0]);
        URL self = codeSource(CgeQueryVersusBuild.class);
        URL current = codeSource(Class.forName("org.deepzero.zo.nn.StagedModel"));
        URL common = codeSource(Class.forName("org.deepzero.common.AtomicFiles", false,
                CgeQueryVersusBuild.class.getClassLoader()));
        older.add(self); // the driver; the older build's classes come first
        System.out.printf(Locale.ROOT, "load average at start: %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        List<Supplier<double[]>> before = tasks(older.toArray(URL[]::new), batch, coords, k);
        List<Supplier<double[]>> now = tasks(new URL[] {current, common, self}, batch, coords, k);
        System.out.printf(Locale.ROOT, "depth-3 CNN, width 18, batch %d, %d coordinates, %d rounds; older build %s%n",
                batch, coords, rounds, args[0]);
        System.out.println("path | older build, queries/s | this build, queries/s | speed-up per round | median |"
                + " largest relative difference of the values");
        List<String> names = QueryRateDriver.paths(k);
        for (int p = 0; p < names.size(); p++) {
            double[] q0 = new double[rounds];
            double[] q1 = new double[rounds];
            double[] ratio = new double[rounds];
            double[][] v = new double[2][];
            for (int r = 0; r < rounds; r++) {
                Supplier<double[]> a = before.get(p);
                Supplier<double[]> b = now.get(p);
                long c0 = MX.getCurrentThreadCpuTime();
                v[0] = a.get();
                long c1 = MX.getCurrentThreadCpuTime();
                v[1] = b.get();
                long c2 = MX.getCurrentThreadCpuTime();
                q0[r] = v[0].length / ((c1 - c0) / 1e9);
                q1[r] = v[1].length / ((c2 - c1) / 1e9);
                ratio[r] = q1[r] / q0[r];
            }
            double worst = 0;
            for (int i = 0; i < v[0].length; i++) {
                worst = Math.max(worst, Math.abs(v[1][i] - v[0][i]) / Math.abs(v[0][i]));
            }
            StringBuilder per = new StringBuilder();
            for (double x : ratio) {
                per.append(String.format(Locale.ROOT, "%.2f ", x));
            }
            System.out.printf(Locale.ROOT, "%s | %.1f | %.1f | %s| %.2fx | %.2g%n", names.get(p), median(q0), median(q1),
                    per, median(ratio), worst);
        }
        System.out.printf(Locale.ROOT, "load average at end: %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    @SuppressWarnings("unchecked")
    private static List<Supplier<double[]>> tasks(URL[] urls, int batch, int coords, int k) throws Exception {
        ClassLoader loader = new ChildFirst(urls, CgeQueryVersusBuild.class.getClassLoader());
        Class<?> driver = Class.forName(QueryRateDriver.class.getName(), true, loader);
        return (List<Supplier<double[]>>) driver.getMethod("prepare", int.class, int.class, int.class)
                .invoke(null, batch, coords, k);
    }

    private static URL codeSource(Class<?> c) throws MalformedURLException {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }

    /** Loads {@code org.deepzero.*} from its own URLs first, everything else (ND4J, JMH) from the parent. */
    private static final class ChildFirst extends URLClassLoader {
        ChildFirst(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("org.deepzero.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException e) {
                        c = super.loadClass(name, false);
                    }
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
