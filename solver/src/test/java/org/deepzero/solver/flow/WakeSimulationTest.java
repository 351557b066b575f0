package org.deepzero.solver.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deepzero.common.ProgressListener;
import org.deepzero.solver.ResourceLimitException;
import org.deepzero.solver.io.XdmfCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry points the CLI calls, end to end on the default case (few steps). */
class WakeSimulationTest {
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
        WakeSimulation.Result r = WakeSimulation.run(shortCase(4, 0, 1, 1), 150, 12, 1, dir, (stage, done, total, d) -> seen.add(done));
        assertEquals(12, seen.size());
        assertEquals(dir.resolve("karman-2d-re150.xdmf"), r.trajectory());
        assertEquals(13, XdmfCheck.verify(r.trajectory()));
        assertEquals(List.of(dir.resolve("vorticity-000005.png"), dir.resolve("vorticity-000010.png"),
                dir.resolve("vorticity-000012.png")), r.images());
        var t = WakeTrajectoryReader.read(r.trajectory());
        assertEquals(13, t.frames().size());
        assertEquals(150, t.meta().reynolds());
        assertEquals((float) r.last().u(30, 10), (float) t.frames().get(12).u(30, 10), 0f);
        assertEquals(14, Files.readAllLines(r.diagnostics()).size());
    }

    @Test
    void strideStoresEveryNthStepFromStepZero() throws Exception {
        WakeSimulation.Result r = WakeSimulation.run(shortCase(4, 0, 1, 1), 150, 12, 5, dir, ProgressListener.NONE);
        var t = WakeTrajectoryReader.read(r.trajectory());
        assertEquals(3, r.frames());
        assertEquals(List.of(0L, 5L, 10L), t.frames().stream().map(FlowState::step).toList());
        assertEquals(5, t.meta().stride());
        assertEquals(10 * t.meta().dt(), t.frames().get(2).time(), 1e-12);
        assertEquals(3, XdmfCheck.verify(r.trajectory()));
        // the images still follow image_every, whatever the stride
        assertEquals(3, r.images().size());
    }

    @Test
    void outOfMemoryMidRunKeepsTheFramesMadeSoFar() throws Exception {
        OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> WakeSimulation.run(shortCase(4, 0, 1, 1), 150, 12, 2,
                dir, (stage, done, total, d) -> {
                    if (done == 7) {
                        throw new OutOfMemoryError("simulated");
                    }
                }));
        Path xdmf = dir.resolve("karman-2d-re150.xdmf");
        assertTrue(e.getMessage().contains("at step 7 of 12") && e.getMessage().contains(xdmf.toString()),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        var t = WakeTrajectoryReader.read(xdmf);
        assertEquals(List.of(0L, 2L, 4L, 6L), t.frames().stream().map(FlowState::step).toList());
        assertEquals(4, XdmfCheck.verify(xdmf));
        assertEquals(1 + 7 + 1, Files.readAllLines(dir.resolve("diagnostics.csv")).size());
    }

    @Test
    void simulationTooLargeForTheHeapIsRefusedBeforeWritingAnything() {
        FlowCase base = shortCase(4, 0, 1, 1);
        // 300 bytes a cell of solver alone: more than any test heap
        int nx = (int) Math.min(1 << 20, Runtime.getRuntime().maxMemory() / 300 / 512 + 64);
        FlowCase huge = new FlowCase(base.file(), base.name(), nx, 512, base.meshFile(), base.mesh(),
                base.inflowSpeed(), base.reynolds(), base.sides(), base.advection(), base.dt(), base.steps(),
                base.factor(), base.warmupSteps(), base.frames(), base.stride(), base.outputDir(), 5, base.hash());
        Path out = dir.resolve("out");
        ResourceLimitException e = assertThrows(ResourceLimitException.class,
                () -> WakeSimulation.run(huge, 150, 10, 1, out, ProgressListener.NONE));
        assertTrue(e.getMessage().contains("[grid] nx, ny") && e.getMessage().contains("-Xmx"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void referenceFramesAlignWithCoarseSteps() throws Exception {
        FlowCase c = shortCase(2, 3, 3, 2);
        Path file = dir.resolve("ref.xdmf");
        assertEquals(3, WakeReferences.generate(c, 150, file, ProgressListener.NONE));
        assertEquals(3, XdmfCheck.verify(file));
        var t = WakeTrajectoryReader.read(file);
        assertEquals(3, t.frames().size());
        assertEquals(List.of(3L, 5L, 7L), t.frames().stream().map(FlowState::step).toList());
        assertEquals(3 * c.dt(), t.frames().get(0).time(), 1e-9);
        assertEquals(7 * c.dt(), t.frames().get(2).time(), 1e-9);
        assertEquals(2, t.meta().factor());
        assertEquals(3, t.meta().firstStep());
        assertEquals(2, t.meta().stride());
        assertEquals(c.hash(), t.meta().caseHash());
        assertEquals(64, t.frames().get(0).grid().nx());
    }

    @Test
    void referenceIsCachedByCaseHash() throws Exception {
        FlowCase base = shortCase(2, 1, 2, 1);
        FlowCase c = new FlowCase(base.file(), base.name(), base.nx(), base.ny(), base.meshFile(), base.mesh(),
                base.inflowSpeed(), base.reynolds(), base.sides(), base.advection(), base.dt(), base.steps(),
                base.factor(), base.warmupSteps(), base.frames(), base.stride(), dir, 0, base.hash());
        int[] calls = {0};
        var first = WakeReferences.loadOrGenerate(c, 150, (s, d, t, m) -> calls[0]++);
        int generated = calls[0];
        var again = WakeReferences.loadOrGenerate(c, 150, (s, d, t, m) -> calls[0]++);
        assertTrue(generated > 0);
        assertEquals(generated, calls[0], "second call reads the cache");
        assertEquals(first.frames().get(1).u(10, 5), again.frames().get(1).u(10, 5), 0.0);
        assertTrue(Files.exists(WakeReferences.file(c, 150)));

        // a reference cached in the single-file layout (before streaming) is reused as it is
        Path xdmf = WakeReferences.file(c, 150);
        String stem = xdmf.getFileName().toString().replace(".xdmf", "");
        Files.move(dir.resolve(stem + "-part00000.h5"), dir.resolve(stem + ".h5"));
        Files.delete(xdmf);
        var legacy = WakeReferences.loadOrGenerate(c, 150, (s, d, t, m) -> calls[0]++);
        assertEquals(generated, calls[0], "the single file is read, not regenerated");
        assertEquals(first.frames().get(1).u(10, 5), legacy.frames().get(1).u(10, 5), 0.0);
        assertEquals(2, XdmfCheck.verify(xdmf));
    }
}
