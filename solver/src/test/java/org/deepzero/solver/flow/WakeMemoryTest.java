package org.deepzero.solver.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deepzero.solver.grid.StaggeredGrid;
import org.junit.jupiter.api.Test;

class WakeMemoryTest {
    @Test
    void stateBytesCountTheThreeDoubleFields() {
        StaggeredGrid g = new StaggeredGrid(64, 32, 2, 1);
        long doubles = g.uCount() + g.vCount() + g.cellCount();
        long b = WakeMemory.stateBytes(64, 32);
        assertTrue(b >= 8 * doubles && b < 8 * doubles + 256, Long.toString(b));
    }

    @Test
    void solverBytesSaturateInsteadOfOverflowing() {
        // 400 B per cell, plus the direct solve's factor: 2048 cells times (64 + 1) doubles at most
        assertEquals(400L * 64 * 32 + 8L * 64 * 32 * 65, WakeMemory.solverBytes(64, 32));
        assertEquals(400L * 256 * 128, WakeMemory.solverBytes(256, 128), "no factor: 32768 x 129 values exceed 2^20");
        assertEquals(Long.MAX_VALUE, WakeMemory.solverBytes(Long.MAX_VALUE / 2, 1));
    }
}
