package org.deepzero.solver.external;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.deepzero.common.InputException;
import org.junit.jupiter.api.Test;

/**
 * The process pool against a test program that crashes, hangs, reports an error, answers with the
 * wrong size or does not speak the protocol (src/test/resources/external/fake_solver.py, otherwise
 * the identity): one-line errors naming the program and the step, and a fresh process for the next step.
 */
class ExternalPoolTest {
    private static final Path FAKE = Path.of("src/test/resources/external/fake_solver.py").toAbsolutePath();
    private static final double[] PARAMETERS = {0.1, 3};
    private static final double[] STATE = {1.5, -2.25, 3, 0.125};

    private static ExternalPool pool(String mode, double timeoutSeconds, int size) {
        return pool(mode, timeoutSeconds, 20, size);
    }

    private static ExternalPool pool(String mode, double timeoutSeconds, double startSeconds, int size) {
        ExternalProgram program = new ExternalProgram(List.of("python3", FAKE.toString(), mode), FAKE.getParent(),
                "channels = 1\nheight = 2\nwidth = 2\nparameters = viscosity,forcing_seed\n",
                Duration.ofMillis((long) (timeoutSeconds * 1000)), Duration.ofMillis((long) (startSeconds * 1000)),
                Path.of("case.conf"));
        return new ExternalPool(program, size);
    }

    private static double[] step(ExternalPool pool, long k) {
        return pool.step("nu=0.1 seed=3", k, 0.1 * k, PARAMETERS, STATE);
    }

    @Test
    void aCrashIsOneLineNamingProgramAndStepAndTheProcessIsRestarted() {
        try (ExternalPool pool = pool("crash:2", 20, 1)) {
            assertArrayEquals(STATE, step(pool, 0), 0);
            assertArrayEquals(STATE, step(pool, 1), 0);
            ExternalSolverException e = assertThrows(ExternalSolverException.class, () -> step(pool, 2));
            String m = e.getMessage();
            assertFalse(m.contains("\n"), m);
            assertTrue(m.startsWith("external program 'python3 " + FAKE + " crash:2' failed at step 3 (nu=0.1 seed=3)"), m);
            assertTrue(m.contains("exited with code 1: RuntimeError: deliberate crash at step index 2"), m);
            assertTrue(m.endsWith("it is restarted for the next step"), m);
            assertEquals(0, pool.running());
            assertArrayEquals(STATE, step(pool, 5), 0); // a fresh process
            assertEquals(1, pool.running());
        }
    }

    @Test
    void aHangIsKilledAfterTheTimeOutAndTheProcessIsRestarted() {
        try (ExternalPool pool = pool("hang:1", 0.5, 1)) {
            assertArrayEquals(STATE, step(pool, 0), 0);
            long t0 = System.nanoTime();
            ExternalSolverException e = assertThrows(ExternalSolverException.class, () -> step(pool, 1));
            double waited = (System.nanoTime() - t0) / 1e9;
            String m = e.getMessage();
            assertTrue(m.startsWith("external program 'python3 " + FAKE + " hang:1' failed at step 2 (nu=0.1 seed=3): "
                    + "gave no answer within 0.5 s ([external] timeout); killed it"), m);
            assertTrue(waited >= 0.5 && waited < 10, "waited " + waited + " s");
            assertArrayEquals(STATE, step(pool, 2), 0);
        }
    }

    @Test
    void anErrorTheProgramReportsLeavesItRunning() {
        try (ExternalPool pool = pool("error:0", 20, 1)) {
            ExternalSolverException e = assertThrows(ExternalSolverException.class, () -> step(pool, 0));
            assertTrue(e.getMessage().endsWith("failed at step 1 (nu=0.1 seed=3): reported an error: deliberate failure"),
                    e.getMessage());
            assertEquals(1, pool.running());
            assertArrayEquals(STATE, step(pool, 1), 0);
        }
    }

    @Test
    void anAnswerOfTheWrongSizeIsAProtocolError() {
        try (ExternalPool pool = pool("wrong:0", 20, 1)) {
            ExternalSolverException e = assertThrows(ExternalSolverException.class, () -> step(pool, 0));
            assertTrue(e.getMessage().contains("answered with 3 values, expected 4"), e.getMessage());
            assertArrayEquals(STATE, step(pool, 1), 0);
        }
    }

    @Test
    void aProgramThatDoesNotSpeakTheProtocolIsTheCasesMistake() {
        try (ExternalPool pool = pool("garbage", 20, 1)) {
            InputException e = assertThrows(InputException.class, () -> step(pool, 0));
            assertEquals("case.conf: [external] command: 'python3 " + FAKE + " garbage' did not complete the DZX1 "
                    + "start handshake: answered with 'OOPS' instead of DZX1", e.getMessage());
        }
    }

    @Test
    void aProgramThatExitsAtStartIsReportedWithItsCodeAndLastWords() {
        Path missing = FAKE.resolveSibling("no_such_program.py");
        ExternalProgram program = new ExternalProgram(List.of("python3", missing.toString()), FAKE.getParent(),
                "channels = 1\n", Duration.ofSeconds(20), Duration.ofSeconds(20), Path.of("case.conf"));
        try (ExternalPool pool = new ExternalPool(program, 1)) {
            InputException e = assertThrows(InputException.class, () -> step(pool, 0));
            assertTrue(e.getMessage().startsWith("case.conf: [external] command: 'python3 " + missing + "' did not "
                    + "complete the DZX1 start handshake: exited with code 2: "), e.getMessage());
            assertTrue(e.getMessage().contains("can't open file"), e.getMessage());
        }
    }

    @Test
    void aProgramSilentAtStartIsKilledAfterTheStartTimeOut() {
        try (ExternalPool pool = pool("silent", 20, 0.5, 1)) {
            InputException e = assertThrows(InputException.class, () -> step(pool, 0));
            assertEquals("case.conf: [external] command: 'python3 " + FAKE + " silent' did not complete the DZX1 "
                    + "start handshake: gave no answer within 0.5 s ([external] start_timeout); killed it", e.getMessage());
        }
    }

    @Test
    void parallelCallersUseSeveralProcesses() throws Exception {
        try (ExternalPool pool = pool("identity", 20, 3)) {
            Thread[] threads = new Thread[6];
            double[][] answers = new double[threads.length][];
            for (int i = 0; i < threads.length; i++) {
                int k = i;
                threads[i] = new Thread(() -> answers[k] = step(pool, k));
                threads[i].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            for (double[] a : answers) {
                assertArrayEquals(STATE, a, 0);
            }
            assertTrue(pool.running() >= 1 && pool.running() <= 3, "running " + pool.running());
        }
    }
}
