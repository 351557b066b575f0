package org.deepzero.coupling.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.deepzero.solver.ProgressListener;
import org.deepzero.solver.ReferenceGenerator;
import org.deepzero.solver.flow.FlowState;
import org.deepzero.solver.io.FlowCase;
import org.deepzero.solver.io.Trajectory;
import org.deepzero.solver.io.TrajectoryReader;

/**
 * Reference trajectories of a case, made once and kept in its output folder under names that carry
 * the case hash ({@link ReferenceGenerator#defaultFile}): a changed case never reuses stale data.
 * Missing ones are generated, several Reynolds numbers in parallel.
 */
public final class ReferenceCache {
    private ReferenceCache() {
    }

    /**
     * Loads or makes the reference at every Reynolds number in {@code reynolds}.
     *
     * @param listener progress of generation, per Reynolds number
     */
    public static ReferenceSet load(FlowCase flow, double[] reynolds, ProgressListener listener) {
        Map<Double, List<FlowState>> frames = new ConcurrentHashMap<>();
        TreeSet<Double> all = new TreeSet<>();
        for (double re : reynolds) {
            all.add(re);
        }
        all.parallelStream().forEach(re -> {
            Path file = ReferenceGenerator.defaultFile(flow, re);
            if (!Files.isRegularFile(file)) {
                ReferenceGenerator.generate(flow, re, file,
                        (stage, done, total, d) -> listener.progress("Re " + re + " " + stage, done, total, d));
            }
            // always the frames as stored (float32), so a fresh run and a resumed one see the same data
            Trajectory t = TrajectoryReader.read(file);
            if (t.frames().size() < flow.frames() || t.meta().reynolds() != re) {
                throw new IllegalArgumentException(file + ": holds " + t.frames().size() + " frames at Re "
                        + t.meta().reynolds() + ", the case needs " + flow.frames() + " at Re " + re
                        + "; delete it to regenerate");
            }
            frames.put(re, t.frames());
        });
        Map<Double, List<FlowState>> ordered = new LinkedHashMap<>();
        for (double re : all) {
            ordered.put(re, frames.get(re));
        }
        return new ReferenceSet(ordered);
    }
}
