package org.deepzero.solver.external;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.deepzero.solver.burgers.Burgers2d;
import org.deepzero.solver.burgers.BurgersCase;
import org.deepzero.solver.burgers.BurgersState;
import org.deepzero.solver.io.CaseFile;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.solver.pde.PdeKinds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped external Burgers program (cases/burgers-2d-external/burgers_step.py, run as that case
 * runs it) against the in-process solver: rollouts equal to rounding, also when threads step in
 * parallel through the pool.
 */
class ExternalBurgersTest {
    private static final Path CASE = Path.of("../cases/burgers-2d-external/case.conf");
    /** Largest |external − in-process| over the rollouts below (measured about 1e-15: rounding in the forcing's sines). */
    private static final double TOLERANCE = 1e-12;
    private static ExternalCase<BurgersState> external;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void open() {
        external = (ExternalCase<BurgersState>) PdeKinds.read(CaseFile.read(CASE));
    }

    @AfterAll
    static void close() {
        external.close();
    }

    /** A smooth field with speeds near 1 (CFL about 0.2), far from the rest state the forcing starts from. */
    private static BurgersState swirl(Burgers2d solver) {
        double k = 2 * Math.PI / 32;
        return solver.stateOf((x, y) -> 0.8 * Math.sin(k * x) * Math.cos(2 * k * y) + 0.3,
                (x, y) -> -0.6 * Math.cos(3 * k * x) * Math.sin(k * y) - 0.2, 0);
    }

    @Test
    void rolloutsMatchTheInProcessSolver() {
        double worst = 0;
        double scale = 0;
        for (CaseParameters p : List.of(BurgersCase.parameters(0.08, 1), BurgersCase.parameters(0.14, 12))) {
            Burgers2d in = (Burgers2d) external.host().coarse(p);
            ExternalPde<BurgersState> out = external.coarse(p);
            for (BurgersState start : List.of(in.initialState(), swirl(in))) {
                BurgersState a = start, b = start;
                for (int k = 0; k < 15; k++) {
                    a = in.step(a);
                    b = out.step(b);
                    assertEquals(a.step(), b.step());
                    assertEquals(a.time(), b.time(), 0);
                    worst = Math.max(worst, maxDifference(a.toChannels(), b.toChannels()));
                    scale = Math.max(scale, maxAbs(a.toChannels()));
                }
            }
        }
        System.out.printf("external vs in-process Burgers: max |difference| %.3g over fields up to %.3g%n", worst, scale);
        assertTrue(scale > 0.5, "the rollouts must move: max |u| " + scale);
        assertTrue(worst <= TOLERANCE, "max difference " + worst);
    }

    @Test
    void parallelStepsGiveTheSequentialResults() throws Exception {
        CaseParameters p = BurgersCase.parameters(0.1, 3);
        Burgers2d in = (Burgers2d) external.host().coarse(p);
        ExternalPde<BurgersState> out = external.coarse(p);
        List<BurgersState> starts = new ArrayList<>();
        BurgersState s = swirl(in);
        for (int k = 0; k < 6; k++) {
            starts.add(s);
            s = in.step(s);
        }
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<BurgersState>> next = new ArrayList<>();
            for (BurgersState start : starts) {
                next.add(threads.submit(() -> out.step(start)));
            }
            for (int k = 0; k < starts.size(); k++) {
                assertArrayEquals(in.step(starts.get(k)).toChannels(), next.get(k).get().toChannels(), TOLERANCE);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static double maxDifference(double[] a, double[] b) {
        double m = 0;
        for (int k = 0; k < a.length; k++) {
            m = Math.max(m, Math.abs(a[k] - b[k]));
        }
        return m;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double x : a) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
