package org.deepzero.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deepzero.common.ProgressListener;
import org.deepzero.solver.flow.FlowState;
import org.deepzero.solver.flow.WakeFlow;
import org.deepzero.solver.flow.WakeReferences;
import org.deepzero.solver.flow.WakeTrajectoryReader;
import org.deepzero.solver.flow.WakeTrajectoryWriter;
import org.deepzero.solver.io.CaseFile;
import org.deepzero.solver.flow.FlowCase;
import org.deepzero.solver.flow.FlowCaseReader;
import org.deepzero.solver.flow.TrajectoryMeta;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cached references are keyed by what shapes them: the case's solver settings and the solver's own
 * sources. A reference made under another setting, or recorded by another solver (the hand-kept
 * {@link SolverVersion#VERSION} alone, as before sources were hashed), is not served.
 */
class ReferenceKeyTest {
    @TempDir
    Path dir;

    private FlowCase tinyCase(String advection) throws Exception {
        Path mesh = Path.of("../meshes/cylinder.mesh").toAbsolutePath().normalize();
        Path file = dir.resolve(advection + ".conf");
        Files.writeString(file, """
                [grid]
                nx = 32
                ny = 16
                [mesh]
                file = %s
                [flow]
                reynolds = 150
                advection = %s
                [time]
                dt = 0.04
                steps = 4
                [reference]
                factor = 2
                warmup_steps = 1
                frames = 2
                [output]
                dir = %s
                """.formatted(mesh.toString().replace('\\', '/'), advection, dir.resolve("out").toString().replace('\\', '/')));
        return FlowCaseReader.read(CaseFile.read(file));
    }

    @Test
    void sourceHashIsRecordedAndNamesTheFile() throws Exception {
        assertTrue(SolverVersion.sourceHash().matches("[0-9a-f]{64}"), SolverVersion.sourceHash());
        assertTrue(SolverVersion.fingerprint().contains(SolverVersion.sourceHash().substring(0, 16)));
        FlowCase c = tinyCase("maccormack");
        String key = SolverVersion.dataKey(c.hash());
        assertNotEquals(c.hash(), key);
        assertTrue(WakeReferences.file(c, 150).getFileName().toString().contains(key.substring(0, 12)));
        var t = WakeReferences.loadOrGenerate(c, 150, ProgressListener.NONE);
        assertEquals(SolverVersion.fingerprint(), t.meta().solverVersion());
    }

    @Test
    void changedSolverSettingIsNotServedTheOldReference() throws Exception {
        FlowCase mc = tinyCase("maccormack");
        FlowCase sl = tinyCase("semi-lagrangian");
        WakeReferences.loadOrGenerate(mc, 150, ProgressListener.NONE);
        assertTrue(WakeReferences.isCached(mc, 150));
        assertNotEquals(WakeReferences.file(mc, 150), WakeReferences.file(sl, 150));
        assertFalse(WakeReferences.isCached(sl, 150));
        int[] calls = {0};
        var t = WakeReferences.loadOrGenerate(sl, 150, (s, d, n, m) -> calls[0]++);
        assertTrue(calls[0] > 0, "generated anew");
        assertEquals(sl.hash(), t.meta().caseHash());
    }

    /** A file at the current name that another solver recorded (same VERSION string, no source hash) is remade. */
    @Test
    void referenceOfAnotherSolverIsRemade() throws Exception {
        FlowCase c = tinyCase("maccormack");
        var made = WakeReferences.loadOrGenerate(c, 150, ProgressListener.NONE);
        Path file = WakeReferences.file(c, 150);
        TrajectoryMeta m = made.meta();
        TrajectoryMeta old = new TrajectoryMeta(m.nx(), m.ny(), m.width(), m.height(), m.inflowSpeed(), m.reynolds(),
                m.dt(), m.factor(), m.firstStep(), m.stride(), SolverVersion.VERSION, m.caseHash());
        WakeFlow coarse = new WakeFlow(c.coarseSpec(150));
        // the stale data differ from what this solver makes, so serving them would show
        List<FlowState> stale = made.frames().stream().map(s -> s.withCorrection(ones(s))).toList();
        try (var s = Files.list(dir.resolve("out"))) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        WakeTrajectoryWriter.write(file, old, stale, stale.stream().map(coarse::vorticity).toList(), coarse.solidCells());
        assertEquals(SolverVersion.VERSION, WakeTrajectoryReader.read(file).meta().solverVersion());
        assertFalse(WakeReferences.isCached(c, 150));
        int[] calls = {0};
        var again = WakeReferences.loadOrGenerate(c, 150, (s, d, n, x) -> calls[0]++);
        assertTrue(calls[0] > 0, "regenerated");
        assertEquals(SolverVersion.fingerprint(), again.meta().solverVersion());
        assertEquals(made.frames().get(1).u(10, 5), again.frames().get(1).u(10, 5), 0.0);
    }

    private static double[] ones(FlowState s) {
        double[] c = new double[s.toChannels().length];
        java.util.Arrays.fill(c, 0.5);
        return c;
    }
}
