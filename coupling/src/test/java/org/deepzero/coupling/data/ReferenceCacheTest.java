package org.deepzero.coupling.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.deepzero.common.ProgressListener;
import org.deepzero.solver.ResourceLimitException;
import org.deepzero.solver.flow.FlowCase;
import org.deepzero.solver.flow.FlowCaseReader;
import org.deepzero.solver.flow.WakeFlowCase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceCacheTest {
    @TempDir
    Path dir;

    /** A reference whose fine solver cannot fit in the heap is refused before anything is written. */
    @Test
    void referenceTooLargeForTheHeapIsRefusedBeforeWork() {
        FlowCase c = FlowCaseReader.read(Path.of("../cases/karman-2d"));
        // the fine grid of factor f has f^2 times the cells, 300 bytes each
        int factor = (int) Math.ceil(Math.sqrt(Runtime.getRuntime().maxMemory() / 300.0 / (c.nx() * c.ny()))) + 1;
        Path out = dir.resolve("out");
        FlowCase huge = new FlowCase(c.file(), c.name(), c.nx(), c.ny(), c.meshFile(), c.mesh(), c.inflowSpeed(),
                c.reynolds(), c.sides(), c.advection(), c.dt(), c.steps(), factor, c.warmupSteps(), c.frames(),
                c.stride(), out, 0, c.hash());
        ResourceLimitException e = assertThrows(ResourceLimitException.class,
                () -> ReferenceCache.ensure(new WakeFlowCase(huge),
                        java.util.List.of(WakeFlowCase.reynolds(100), WakeFlowCase.reynolds(150)), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("fine solver") && e.getMessage().contains("[reference] factor"),
                e.getMessage());
        assertFalse(Files.exists(out));
    }
}
