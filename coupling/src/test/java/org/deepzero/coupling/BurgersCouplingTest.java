package org.deepzero.coupling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deepzero.common.ProgressListener;
import org.deepzero.coupling.report.Summary;
import org.deepzero.coupling.spec.CouplingSpec;
import org.deepzero.solver.burgers.BurgersCase;
import org.deepzero.solver.burgers.BurgersState;
import org.deepzero.solver.pde.CaseParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole job on a second PDE (a tiny forced Burgers case) through the same coupling code. */
class BurgersCouplingTest {
    static final String CASE = "[pde]\nkind = burgers\n" + TinyCase.burgers(30) + """
            [training]
            viscosity = 0.08, 0.12
            forcing_seed = 1, 2
            frames = 20
            unroll = 2
            windows = 2
            steps = 4
            non_steps = 40
            validate_every = 2
            validate_steps = 8
            methods = sol-zo
            [evaluation]
            viscosity = 0.1
            forcing_seed = 9
            steps = 10
            starts = 2
            image_steps = 5, 10
            """;

    @TempDir
    static Path dir;
    static CouplingRun<BurgersState> run;
    static Summary summary;

    @BeforeAll
    static void runAll() throws Exception {
        CouplingSpec<BurgersState> spec = TinyCase.read(dir, CASE);
        run = new CouplingRun<>(spec, dir.resolve("run"), ProgressListener.NONE);
        summary = run.evaluate(run.train(run.caseMethods()));
    }

    @Test
    void reportHasEveryPartWithBurgersColumns() throws Exception {
        Path report = dir.resolve("run/report");
        for (String f : List.of("index.html", "summary.json", "errors.csv", "rollouts.csv", "vorticity-step5.png",
                "fields/reference/nu0.1-seed9-frame0.h5", "fields/sol-zo/nu0.1-seed9-frame0.h5")) {
            assertTrue(Files.isRegularFile(report.resolve(f)), f);
        }
        List<String> rows = Files.readAllLines(report.resolve("rollouts.csv"));
        assertEquals("method,seed,viscosity,forcing_seed,trajectory,start_frame,step,mae", rows.get(0));
        assertTrue(rows.get(1).startsWith("src,0,0.1,9.0,0,0,1,"), rows.get(1));
        assertEquals(List.of("src", "non", "sol-zo"), summary.headline().stream().map(Summary.Row::method).toList());
        // Burgers reports its kinetic energy spectrum in octave bands (16 x 16 cells: Nyquist wavenumber 8)
        List<String> bands = summary.physics().stream()
                .filter(p -> p.group().equals(Summary.ALL) && p.method().equals("src")).map(p -> p.quantity()).toList();
        assertEquals(List.of("E(k=1)", "E(k=2-3)", "E(k=4-7)", "E(k>=8)"), bands);
        assertTrue(summary.physics().stream().allMatch(p -> p.value() >= 0 && p.reference() > 0), summary.physics().toString());
    }

    /** The report's reference fields are the cached reference frames (float32 both). */
    @Test
    void reportFieldsAreTheReference() {
        var setup = run.setup();
        CaseParameters p = BurgersCase.parameters(0.1, 9);
        List<BurgersState> written = setup.spec().pde().readTrajectory(
                dir.resolve("run/report/fields/reference/nu0.1-seed9-frame0.h5"));
        List<BurgersState> ref = setup.reference().frames(p);
        assertEquals(10, written.size());
        for (int k = 0; k < written.size(); k++) {
            assertArrayEquals(ref.get(k + 1).u(), written.get(k).u(), 0.0, "frame " + k);
        }
    }

    /** The untrained corrector (last layer zero) is exactly the plain Burgers solver. */
    @Test
    void untrainedCorrectorIsThePlainSolver() {
        var setup = run.setup();
        CaseParameters p = BurgersCase.parameters(0.08, 2);
        BurgersState start = setup.reference().frames(p).get(3);
        double[] theta = setup.corrector().initialParameters(1);
        BurgersState coupled = setup.rollout().step(List.of(start), List.of(p),
                setup.corrector().model().weights(theta)).get(0);
        assertArrayEquals(setup.solvers().get(p).step(start).u(), coupled.u(), 0.0);
        Map<String, Double> d = setup.solvers().get(p).diagnostics(coupled);
        assertTrue(d.get("kineticEnergy") > 0);
    }
}
