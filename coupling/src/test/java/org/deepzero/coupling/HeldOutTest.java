package org.deepzero.coupling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deepzero.common.ProgressListener;
import org.deepzero.coupling.report.Summary;
import org.deepzero.coupling.spec.CouplingSpec;
import org.deepzero.solver.flow.FlowState;
import org.deepzero.solver.flow.WakeFlowCase;
import org.deepzero.solver.pde.TrajectoryId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny case with two training seeds, independent test trajectories and one interpolation and one
 * extrapolation test Reynolds number, run through {@link CouplingRun} with a reference store that
 * records every (parameters, trajectory) read: training, normalisation and model selection read
 * only training trajectories; only the evaluation reads test ones.
 */
class HeldOutTest {
    private static final String COUPLING = """
            [corrector]
            layers = conv3x3:2,lrelu,conv3x3:2
            [training]
            reynolds = 100, 160
            frames = 12
            unroll = 2
            windows = 2
            steps = 2
            non_steps = 4
            validate_every = 1
            validate_steps = 4
            methods = sol-zo
            pruning = random
            seeds = 0, 1
            [evaluation]
            reynolds = 130, 200
            steps = 6
            starts = 2
            trajectories = independent
            physics_steps = 8
            image_steps = 6
            """;

    @TempDir
    static Path dir;
    static CouplingRun<FlowState> run;
    static Set<TrajectoryId> readWhileTraining;
    static Set<TrajectoryId> readWhileEvaluating;
    static Map<String, Map<Integer, double[]>> trained;
    static Summary summary;

    @BeforeAll
    static void runAll() throws Exception {
        CouplingSpec<FlowState> spec = TinyCase.read(dir, TinyCase.flow(10, 5, 16) + COUPLING);
        Set<TrajectoryId> reads = Collections.synchronizedSet(new LinkedHashSet<>());
        run = new CouplingRun<>(spec, dir.resolve("run"), ProgressListener.NONE).observingReferenceReads(reads::add);
        trained = run.train(run.caseMethods());
        readWhileTraining = Set.copyOf(reads);
        reads.clear();
        summary = run.evaluate(trained);
        readWhileEvaluating = Set.copyOf(reads);
    }

    @Test
    void trainingNormalisationAndSelectionReadNoTestTrajectory() {
        Set<TrajectoryId> training = Set.of(TrajectoryId.of(WakeFlowCase.reynolds(100)),
                TrajectoryId.of(WakeFlowCase.reynolds(160)));
        assertEquals(training, readWhileTraining);
        // the recorder does see test reads: the evaluation reads every test trajectory
        Set<TrajectoryId> test = new LinkedHashSet<>();
        for (double re : new double[] {130, 200}) {
            for (int k = 0; k < 2; k++) {
                test.add(new TrajectoryId(WakeFlowCase.reynolds(re), k));
            }
        }
        assertEquals(test, readWhileEvaluating);
    }

    @Test
    void eachSeedTrainsItsOwnRunAndTheReportCountsSeedsAndTrajectories() throws Exception {
        assertEquals(List.of(0, 1), List.copyOf(trained.get("sol-zo").keySet()));
        assertFalse(java.util.Arrays.equals(trained.get("non").get(0), trained.get("non").get(1)),
                "seed replicates differ in initialisation and windows");
        assertTrue(Files.isRegularFile(dir.resolve("run/train/seed1/sol-zo/theta.params")));
        assertTrue(Files.isRegularFile(dir.resolve("run/train/sol-zo/theta.params")));
        List<String> groups = new ArrayList<>();
        for (Summary.Row r : summary.methods()) {
            if (!groups.contains(r.group())) {
                groups.add(r.group());
            }
            int perGroup = r.group().equals(Summary.ALL) ? 4 : 2;
            assertEquals(perGroup, r.trajectories(), r.group());
            assertEquals(r.method().equals("src") ? 1 : 2, r.seeds(), r.method());
            assertEquals(r.seeds() * r.trajectories(), r.rolloutMeans().length);
            if (r.method().equals("sol-zo")) {
                assertEquals(2, r.diffVsNonPerSeed().length);
            }
        }
        // 130 lies between the training Reynolds numbers 100 and 160, 200 outside them
        assertEquals(List.of(Summary.ALL, "Re=130", "Re=200", "interpolation", "extrapolation"), groups);
        Summary.Row interp = summary.methods().stream()
                .filter(r -> r.group().equals("interpolation") && r.method().equals("src")).findFirst().orElseThrow();
        Summary.Row re130 = summary.methods().stream()
                .filter(r -> r.group().equals("Re=130") && r.method().equals("src")).findFirst().orElseThrow();
        assertEquals(re130.meanMae(), interp.meanMae(), 0.0);
        List<String> csv = Files.readAllLines(dir.resolve("run/report/summary.csv"));
        assertTrue(csv.get(0).startsWith("group,method,seeds,trajectories,samples,"), csv.get(0));
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("all,sol-zo,2,4,8,")), csv.toString());
        assertTrue(Files.isRegularFile(dir.resolve("run/report/fields/sol-zo/re200-t1-frame0.xdmf")));
        assertTrue(Files.isRegularFile(dir.resolve("run/report/vorticity-difference-step6.png")));
    }

    /** Independent test trajectories start from different perturbations, so their first frames differ. */
    @Test
    void independentTrajectoriesDiffer() {
        var ref = run.setup().reference();
        var a = ref.frames(new TrajectoryId(WakeFlowCase.reynolds(200), 0)).get(0).toChannels();
        var b = ref.frames(new TrajectoryId(WakeFlowCase.reynolds(200), 1)).get(0).toChannels();
        assertNotEquals(0.0, maxAbsDiff(a, b));
    }

    /** Physics rows for every method and the reference, from the 8-step records. */
    @Test
    void physicsIsReportedForEveryMethod() {
        List<String> q = summary.physics().stream().filter(p -> p.group().equals(Summary.ALL) && p.method().equals("src"))
                .map(p -> p.quantity()).toList();
        assertEquals(List.of("strouhal", "lift_amplitude", "periods"), q);
        for (var p : summary.physics()) {
            if (p.quantity().equals("lift_amplitude")) {
                assertTrue(p.value() >= 0 && p.reference() >= 0 && Double.isFinite(p.value()), p.toString());
            }
            if (p.quantity().equals("strouhal")) {
                assertTrue(Double.isNaN(p.value()), "8 samples are too few for a spectrum: " + p);
            }
        }
    }

    private static double maxAbsDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
