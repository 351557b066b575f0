package org.deepzero.coupling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deepzero.common.ProgressListener;
import org.deepzero.coupling.data.ReferenceCache;
import org.deepzero.coupling.data.ReferenceSet;
import org.deepzero.coupling.rollout.RolloutLoss;
import org.deepzero.coupling.rollout.Window;
import org.deepzero.coupling.spec.CouplingSpec;
import org.deepzero.coupling.train.CouplingSetup;
import org.deepzero.coupling.train.WindowSampler;
import org.deepzero.solver.burgers.BurgersState;
import org.deepzero.solver.external.ExternalCase;
import org.deepzero.zo.estimate.Cge;
import org.deepzero.zo.estimate.Difference;
import org.deepzero.zo.param.ParameterSpace;
import org.deepzero.zo.query.LocalQueryExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Solver-in-the-loop training through an external coarse solver (a tiny {@code kind = external}
 * Burgers case stepping in cases/burgers-2d-external/burgers_step.py): its training loss is the
 * in-process solver's to rounding, and DeepZero's coordinate estimates through it lower that loss.
 */
class ExternalCouplingTest {
    private static final String SOLVER = TinyCase.burgers(24) + """
            [training]
            viscosity = 0.08, 0.12
            forcing_seed = 1, 2
            frames = 20
            unroll = 3
            windows = 4
            validate_steps = 8
            [evaluation]
            viscosity = 0.1
            forcing_seed = 9
            steps = 10
            starts = 1
            """;

    @TempDir
    static Path dir;
    static CouplingSpec<BurgersState> external;
    static CouplingSpec<BurgersState> inProcess;
    static LocalQueryExecutor executor;

    @BeforeAll
    static void read() throws Exception {
        Path program = Path.of("../cases/burgers-2d-external/burgers_step.py").toAbsolutePath().normalize();
        external = spec("external", "[pde]\nkind = external\n[external]\ncommand = python3 " + program
                + "\nprocesses = 2\ntimeout = 30\n" + SOLVER);
        inProcess = spec("in-process", "[pde]\nkind = burgers\n" + SOLVER);
        executor = new LocalQueryExecutor(2);
    }

    @AfterAll
    static void close() {
        if (executor != null) {
            executor.close();
        }
        if (external != null) {
            ((ExternalCase<?>) external.pde()).close();
        }
    }

    private static CouplingSpec<BurgersState> spec(String name, String text) throws Exception {
        return TinyCase.read(Files.createDirectories(dir.resolve(name)), text);
    }

    /** The training loss on one fixed set of windows (the sampler's first step). */
    private static RolloutLoss<BurgersState> loss(CouplingSpec<BurgersState> spec) {
        ReferenceSet<BurgersState> ref = ReferenceCache.load(spec.pde(), spec.training().parameters(),
                ProgressListener.NONE);
        CouplingSetup<BurgersState> setup = CouplingSetup.of(spec, ref);
        var t = spec.training();
        List<Window<BurgersState>> windows = new WindowSampler<>(ref, t.parameters(), t.frames(), t.unroll(),
                t.windows(), 11).windows(0);
        return new RolloutLoss<>(setup.rollout(), windows, true);
    }

    @Test
    void theLossThroughTheProgramIsTheInProcessLossAndDeepZeroLowersIt() {
        RolloutLoss<BurgersState> out = loss(external);
        RolloutLoss<BurgersState> in = loss(inProcess);
        // the untrained corrector (last layer zero) and a random one: same loss to rounding
        double[] theta = new double[out.space().dimension()];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < theta.length; i++) {
            theta[i] = 0.1 * r.nextGaussian();
        }
        for (double[] point : List.of(new double[theta.length], theta)) {
            double a = out.value(point), b = in.value(point);
            assertEquals(b, a, 1e-12 * b, "external " + a + ", in-process " + b);
        }
        // DeepZero's estimate (forward-difference CGE, mu 5e-3) of the last layer's gradient, through the
        // program; normalised gradient steps of 0.05 from a cold start (last layer zero, so the loss is SRC's).
        // Measured: 1.258e-7, 1.211e-7, 1.165e-7, 1.135e-7, 1.100e-7 (-12.5 %); the loss is ill-conditioned
        // along the gradient (its minimum on that line lies near 0.035), so longer steps overshoot
        // (0.15: +44 %)
        ParameterSpace space = out.space();
        List<Integer> last = new ArrayList<>();
        int lastStage = space.segments().get(space.segments().size() - 1).stage();
        for (ParameterSpace.Segment s : space.segments()) {
            if (s.stage() == lastStage) {
                for (int i = s.offset(); i < s.end(); i++) {
                    last.add(i);
                }
            }
        }
        Cge cge = Cge.over(last.stream().mapToInt(Integer::intValue).toArray(), 5e-3, Difference.FORWARD);
        double[] point = new double[space.dimension()];
        SplittableRandom init = new SplittableRandom(3);
        for (int i = 0; i < point.length; i++) {
            point[i] = last.contains(i) ? 0 : 0.3 * init.nextGaussian();
        }
        double start = out.value(point);
        double value = start;
        for (int step = 0; step < 4; step++) {
            var e = cge.estimate(out, point, executor, null);
            double norm = Math.sqrt(java.util.Arrays.stream(e.gradient()).map(g -> g * g).sum());
            for (int i = 0; i < point.length; i++) {
                point[i] -= 0.05 * e.gradient()[i] / norm;
            }
            double next = out.value(point);
            assertTrue(next < value, "step " + (step + 1) + ": loss " + value + " -> " + next);
            value = next;
            System.out.printf("external DeepZero step %d: loss %.6g (start %.6g)%n", step + 1, value, start);
        }
        assertTrue(value < 0.9 * start, "loss " + start + " -> " + value);
    }
}
