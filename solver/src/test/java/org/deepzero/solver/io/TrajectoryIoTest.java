package org.deepzero.solver.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deepzero.solver.flow.FlowState;
import org.deepzero.solver.grid.StaggeredGrid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrajectoryIoTest {
    @TempDir
    Path dir;

    private static final StaggeredGrid GRID = new StaggeredGrid(8, 4, 2, 1);
    private static final TrajectoryMeta META = new TrajectoryMeta(8, 4, 2, 1, 1.0, 150, 0.02, 4, 300, 2,
            "test", "abc123");

    private static List<FlowState> frames(long seed) {
        Random r = new Random(seed);
        List<FlowState> fs = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            double[] u = r.doubles(GRID.uCount()).toArray();
            double[] v = r.doubles(GRID.vCount()).map(x -> x - 0.5).toArray();
            double[] p = r.doubles(GRID.cellCount()).map(x -> 1e3 * x).toArray();
            fs.add(FlowState.of(GRID, u, v, p, 0.04 * f, 300 + 2L * f));
        }
        return fs;
    }

    @Test
    void writtenFileReadsBackBitExact() throws Exception {
        Path file = dir.resolve("t.h5");
        List<FlowState> fs = frames(1);
        boolean[] solid = new boolean[GRID.cellCount()];
        solid[5] = true;
        TrajectoryWriter.write(file, META, fs, null, solid);
        Trajectory t = TrajectoryReader.read(file);
        assertEquals(META, t.meta());
        assertEquals(3, t.frames().size());
        float[][][] u = TrajectoryReader.readField(file, "u");
        for (int f = 0; f < 3; f++) {
            FlowState a = fs.get(f), b = t.frames().get(f);
            for (int k = 0; k < GRID.uCount(); k++) {
                assertEquals((float) a.uValues()[k], (float) b.uValues()[k], 0.0f);
            }
            for (int k = 0; k < GRID.vCount(); k++) {
                assertEquals((float) a.vValues()[k], (float) b.vValues()[k], 0.0f);
            }
            for (int k = 0; k < GRID.cellCount(); k++) {
                assertEquals((float) a.pressureValues()[k], (float) b.pressureValues()[k], 0.0f);
            }
            for (int j = 0; j < 4; j++) {
                for (int i = 0; i <= 8; i++) {
                    assertEquals(Float.floatToRawIntBits((float) a.u(i, j)), Float.floatToRawIntBits(u[f][j][i]));
                }
            }
            assertEquals(a.time(), b.time(), 0.0);
            assertEquals(a.step(), b.step());
        }
        // writing again replaces the file atomically, leaving no temporary files behind
        TrajectoryWriter.write(file, META, frames(2).subList(0, 1), null, solid);
        assertEquals(1, TrajectoryReader.read(file).frames().size());
        try (var s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList());
        }
    }

    @Test
    void truncatedFileGivesErrorNamingTheFile() throws Exception {
        Path good = dir.resolve("good.h5");
        TrajectoryWriter.write(good, META, frames(3), null, new boolean[GRID.cellCount()]);
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.h5");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        InputException e = assertThrows(InputException.class, () -> TrajectoryReader.read(cut));
        System.out.println(e.getMessage());
        assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void garbageFileGivesErrorNamingTheFile() throws Exception {
        Path junk = dir.resolve("junk.h5");
        Files.writeString(junk, "this is not HDF5 at all, just text ".repeat(50));
        InputException e = assertThrows(InputException.class, () -> TrajectoryReader.read(junk));
        System.out.println(e.getMessage());
        assertTrue(e.getMessage().startsWith(junk.toString()), e.getMessage());
        InputException missing = assertThrows(InputException.class, () -> TrajectoryReader.read(dir.resolve("none.h5")));
        assertTrue(missing.getMessage().contains("none.h5"));
    }
}
