package org.deepzero.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryEstimateTest {
    @TempDir
    Path dir;

    @Test
    void sumsItemsWithTheReserveAndSaturates() {
        MemoryEstimate e = MemoryEstimate.none().plus("a", 10).plus("b", 5).times(3);
        assertEquals(MemoryEstimate.RESERVE + 45, e.bytes());
        assertEquals("a x3", e.items().get(0).what());
        assertEquals(Long.MAX_VALUE, MemoryEstimate.none()
                .plus("huge", MemoryEstimate.saturatedMultiply(Long.MAX_VALUE / 2, 300))
                .times(4).bytes());
    }

    @Test
    void refusesWhatExceedsTheHeapInOneLineNamingTheSetting() {
        MemoryEstimate.none().plus("small", 1 << 20).requireFits("never shown");
        ResourceLimitException e = assertThrows(ResourceLimitException.class, () -> MemoryEstimate.none()
                .plus("frames", Runtime.getRuntime().maxMemory()).requireFits("lower [reference] frames"));
        assertTrue(e.getMessage().startsWith("needs about ") && e.getMessage().contains("frames ")
                && e.getMessage().contains("lower [reference] frames, or raise the limit with -Xmx"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void refusesWhatExceedsTheDiskWithoutCreatingTheFolder() {
        Path out = dir.resolve("a/b");
        MemoryEstimate.requireDisk(out, 1, "never shown");
        ResourceLimitException e = assertThrows(ResourceLimitException.class,
                () -> MemoryEstimate.requireDisk(out, Long.MAX_VALUE, "use --stride N"));
        assertTrue(e.getMessage().startsWith(out + ": the output needs about") && e.getMessage().endsWith("use --stride N"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("a")));
    }
}
