package org.deepzero.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deepzero.common.ProgressListener;
import org.deepzero.solver.flow.FlowState;
import org.deepzero.solver.io.FlowCase;
import org.deepzero.solver.io.FlowCaseReader;
import org.deepzero.solver.io.Trajectory;
import org.deepzero.solver.io.TrajectoryReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry points the CLI calls, end to end on the default case (few steps). */
class SimulationTest {
    @TempDir
    Path dir;

    private static FlowCase shortCase(int factor, int warmup, int frames, int stride) {
        FlowCase c = FlowCaseReader.read(Path.of("../cases/karman-2d"));
        return new FlowCase(c.file(), c.name(), c.nx(), c.ny(), c.meshFile(), c.mesh(), c.inflowSpeed(),
                c.reynolds(), c.sides(), c.advection(), c.dt(), c.steps(), factor, warmup, frames, stride,
                c.outputDir(), 5, c.hash());
    }

    @Test
    void simulateWritesTrajectoryImagesAndDiagnostics() throws Exception {
        List<Long> seen = new ArrayList<>();
        Simulation.Result r = Simulation.run(shortCase(4, 0, 1, 1), 12, dir, (stage, done, total, d) -> seen.add(done));
        assertEquals(12, seen.size());
        assertTrue(Files.size(r.trajectory()) > 0);
        assertEquals(List.of(dir.resolve("vorticity-000005.png"), dir.resolve("vorticity-000010.png"),
                dir.resolve("vorticity-000012.png")), r.images());
        Trajectory t = TrajectoryReader.read(r.trajectory());
        assertEquals(13, t.frames().size());
        assertEquals(150, t.meta().reynolds());
        assertEquals((float) r.last().u(30, 10), (float) t.frames().get(12).u(30, 10), 0f);
        assertEquals(14, Files.readAllLines(r.diagnostics()).size());
    }

    @Test
    void referenceFramesAlignWithCoarseSteps() {
        FlowCase c = shortCase(2, 3, 3, 2);
        Path file = dir.resolve("ref.h5");
        List<FlowState> frames = ReferenceGenerator.generate(c, 150, file, ProgressListener.NONE);
        Trajectory t = TrajectoryReader.read(file);
        assertEquals(3, t.frames().size());
        assertEquals(List.of(3L, 5L, 7L), t.frames().stream().map(FlowState::step).toList());
        assertEquals(3 * c.dt(), t.frames().get(0).time(), 1e-9);
        assertEquals(7 * c.dt(), t.frames().get(2).time(), 1e-9);
        assertEquals(2, t.meta().factor());
        assertEquals(3, t.meta().firstStep());
        assertEquals(2, t.meta().stride());
        assertEquals(c.hash(), t.meta().caseHash());
        assertEquals(64, t.grid().nx());
        assertEquals((float) frames.get(1).v(20, 10), (float) t.frames().get(1).v(20, 10), 0f);
    }

    @Test
    void referenceIsCachedByCaseHash() throws Exception {
        FlowCase base = shortCase(2, 1, 2, 1);
        FlowCase c = new FlowCase(base.file(), base.name(), base.nx(), base.ny(), base.meshFile(), base.mesh(),
                base.inflowSpeed(), base.reynolds(), base.sides(), base.advection(), base.dt(), base.steps(),
                base.factor(), base.warmupSteps(), base.frames(), base.stride(), dir, 0, base.hash());
        int[] calls = {0};
        Trajectory first = ReferenceGenerator.loadOrGenerate(c, 150, (s, d, t, m) -> calls[0]++);
        int generated = calls[0];
        Trajectory again = ReferenceGenerator.loadOrGenerate(c, 150, (s, d, t, m) -> calls[0]++);
        assertTrue(generated > 0);
        assertEquals(generated, calls[0], "second call reads the cache");
        assertEquals(first.frames().get(1).u(10, 5), again.frames().get(1).u(10, 5), 0.0);
        assertTrue(Files.exists(ReferenceGenerator.defaultFile(c, 150)));
    }
}
