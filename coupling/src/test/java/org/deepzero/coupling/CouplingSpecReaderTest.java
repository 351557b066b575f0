package org.deepzero.coupling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.deepzero.coupling.spec.CouplingSpec;
import org.deepzero.coupling.spec.CouplingSpecReader;
import org.deepzero.solver.io.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invalid corrector or training settings fail on reading, with a line that names file, section and key. */
class CouplingSpecReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsTheTinyCase() throws Exception {
        CouplingSpec<?> spec = TinyCase.spec(dir);
        assertEquals(3, spec.training().unroll());
        assertEquals(java.util.List.of("sol-zo"), spec.training().methods());
        assertEquals(130.0, spec.evaluation().parameters().get(0).get("reynolds"));
    }

    @Test
    void defaultsKeepOneSeedAndWindowsOfOneTrajectory() throws Exception {
        CouplingSpec<?> spec = TinyCase.spec(dir);
        assertEquals(java.util.List.of(0), spec.training().seeds());
        assertEquals(false, spec.evaluation().independent());
        assertEquals(spec.evaluation().steps(), spec.evaluation().physicsSteps());
        CouplingSpec<?> more = CouplingSpecReader.read(TinyCase.write(dir, TinyCase.COUPLING
                .replace("methods = sol-zo", "methods = sol-zo\nseeds = 0, 2, 5")
                .replace("starts = 2", "starts = 2\ntrajectories = independent\nphysics_steps = 20")));
        assertEquals(java.util.List.of(0, 2, 5), more.training().seeds());
        assertTrue(more.evaluation().independent());
        assertEquals(20, more.evaluation().physicsSteps());
        assertEquals(7 + 5, more.training().replicate(5).seed());
    }

    @Test
    void badSeedsTrajectoriesAndPhysicsSteps() throws Exception {
        String msg = fail(TinyCase.COUPLING.replace("methods = sol-zo", "methods = sol-zo\nseeds = 0, 1.5"));
        assertTrue(msg.contains("[training] seeds") && msg.contains("whole numbers"), msg);
        msg = fail(TinyCase.COUPLING.replace("methods = sol-zo", "methods = sol-zo\nseeds = 1, 1"));
        assertTrue(msg.contains("[training] seeds") && msg.contains("twice"), msg);
        msg = fail(TinyCase.COUPLING.replace("starts = 2", "starts = 2\ntrajectories = separate"));
        assertTrue(msg.contains("[evaluation] trajectories"), msg);
        msg = fail(TinyCase.COUPLING.replace("starts = 2", "starts = 2\nphysics_steps = 5"));
        assertTrue(msg.contains("[evaluation] physics_steps") && msg.contains("at least"), msg);
        msg = fail(TinyCase.COUPLING.replace("starts = 2", "starts = 2\nphysics_steps = 40"));
        assertTrue(msg.contains("[evaluation] physics_steps") && msg.contains("40 frames"), msg);
    }

    @Test
    void unknownLayer() throws Exception {
        String msg = fail(TinyCase.COUPLING.replace("layers = conv3x3:4,lrelu,conv3x3:2",
                "layers = conv3x3:4,swish,conv3x3:2"));
        assertTrue(msg.contains("[corrector] layers") && msg.contains("swish"), msg);
    }

    @Test
    void wrongOutputChannels() throws Exception {
        String msg = fail(TinyCase.COUPLING.replace("layers = conv3x3:4,lrelu,conv3x3:2", "layers = conv3x3:4"));
        assertTrue(msg.contains("[corrector] layers") && msg.contains("2 x H x W"), msg);
    }

    @Test
    void unrollBelowOne() throws Exception {
        String msg = fail(TinyCase.COUPLING.replace("unroll = 3", "unroll = 0"));
        assertTrue(msg.contains("[training] unroll") && msg.contains("at least 1"), msg);
    }

    @Test
    void coldStartSettings() throws Exception {
        CouplingSpec<?> spec = TinyCase.spec(dir);
        assertEquals(1, spec.training().coldStart().readoutSteps(), "a tenth of the 6 steps, rounded");
        assertEquals(3e-2, spec.training().coldStart().learningRate());
        String msg = fail(TinyCase.COUPLING.replace("[training]\n", "[training]\ncold_readout_steps = 7\n"));
        assertTrue(msg.contains("[training] cold_readout_steps") && msg.contains("[0, steps = 6]"), msg);
        msg = fail(TinyCase.COUPLING.replace("[training]\n", "[training]\ncold_learning_rate = 0\n"));
        assertTrue(msg.contains("[training] cold_learning_rate") && msg.contains("positive"), msg);
    }

    @Test
    void sparsityOutsideUnitInterval() throws Exception {
        for (String bad : new String[] {"1", "1.5", "-0.1"}) {
            String msg = fail(TinyCase.COUPLING.replace("[training]\n", "[training]\nsparsity = " + bad + "\n"));
            assertTrue(msg.contains("[training] sparsity") && msg.contains("[0, 1)"), msg);
        }
    }

    @Test
    void unknownKeyAndSection() throws Exception {
        String msg = fail(TinyCase.COUPLING.replace("windows = 2", "windowz = 2"));
        assertTrue(msg.contains("[training] windowz") && msg.contains("unknown key"), msg);
        msg = fail(TinyCase.COUPLING + "[trainng]\nsteps = 3\n");
        assertTrue(msg.contains("[trainng]") && msg.contains("unknown section"), msg);
    }

    @Test
    void testReynoldsMustBeHeldOut() throws Exception {
        String msg = fail(TinyCase.COUPLING.replace("reynolds = 130", "reynolds = 160"));
        assertTrue(msg.contains("[evaluation] reynolds") && msg.contains("held-out"), msg);
    }

    @Test
    void unknownMethod() throws Exception {
        String msg = fail(TinyCase.COUPLING.replace("methods = sol-zo", "methods = sol-zo, adam"));
        assertTrue(msg.contains("[training] methods") && msg.contains("adam"), msg);
    }

    @Test
    void unknownPdeKind() throws Exception {
        String msg = fail("[pde]\nkind = heat\n" + TinyCase.COUPLING);
        assertTrue(msg.contains("[pde] kind") && msg.contains("heat") && msg.contains("burgers"), msg);
    }

    /** The Burgers case: its parameters are every viscosity with every forcing seed; ν is a network feature. */
    @Test
    void readsTheBurgersCase() {
        Path file = Path.of("../cases/burgers-2d");
        CouplingSpec<?> spec = CouplingSpecReader.read(Files.isDirectory(file) ? file : Path.of("cases/burgers-2d"));
        assertEquals("burgers", spec.pde().kind());
        assertEquals(20, spec.training().parameters().size());
        assertEquals(10, spec.evaluation().parameters().size());
        assertEquals(java.util.List.of("viscosity"), spec.pde().featureNames());
        assertEquals(0.14, spec.evaluation().parameters().get(9).get("viscosity"));
        assertEquals(15.0, spec.evaluation().parameters().get(9).get("forcing_seed"));
    }

    /** A Burgers test set that is also a training one is refused. */
    @Test
    void burgersTestSetMustBeHeldOut() throws Exception {
        String text = Files.readString(Path.of(Files.isDirectory(Path.of("../cases")) ? "../cases/burgers-2d/case.conf"
                : "cases/burgers-2d/case.conf")).replace("forcing_seed = 11, 12, 13, 14, 15", "forcing_seed = 3")
                .replace("viscosity = 0.1, 0.14 ", "viscosity = 0.12 ");
        Path file = dir.resolve("case.conf");
        Files.writeString(file, text);
        InputException e = assertThrows(InputException.class, () -> CouplingSpecReader.read(file));
        assertTrue(e.getMessage().contains("[evaluation] viscosity") && e.getMessage().contains("held-out"),
                e.getMessage());
    }

    @Test
    void executionSectionNamesWhereQueriesRun() throws Exception {
        Path file = TinyCase.write(dir, TinyCase.COUPLING + "[execution]\nexecutor = local:2\n");
        assertEquals("local:2", CouplingSpecReader.executor(org.deepzero.solver.io.CaseFile.read(file)));
        String msg = fail(TinyCase.COUPLING + "[execution]\nexecutor = local:many\n");
        assertTrue(msg.contains("[execution] executor") && msg.contains("local:many"), msg);
    }

    private String fail(String coupling) throws Exception {
        Path file = TinyCase.write(dir, coupling);
        InputException e = assertThrows(InputException.class, () -> CouplingSpecReader.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }
}
