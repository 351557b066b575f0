package org.deepzero.solver.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deepzero.solver.flow.FlowState;
import org.deepzero.solver.flow.TrajectoryMeta;
import org.deepzero.solver.flow.WakeTrajectoryReader;
import org.deepzero.solver.flow.WakeTrajectoryWriter;
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

    private static List<double[]> vorticity(List<FlowState> fs) {
        List<double[]> w = new ArrayList<>();
        for (int f = 0; f < fs.size(); f++) {
            w.add(new Random(100 + f).doubles(GRID.cellCount()).toArray());
        }
        return w;
    }

    @Test
    void writtenTrajectoryReadsBackBitExactAcrossParts() throws Exception {
        Path file = dir.resolve("t.xdmf");
        List<FlowState> fs = frames(1);
        List<double[]> w = vorticity(fs);
        boolean[] solid = new boolean[GRID.cellCount()];
        solid[5] = true;
        try (WakeTrajectoryWriter out = WakeTrajectoryWriter.open(file, META, solid, true, 2)) {
            for (int f = 0; f < 3; f++) {
                out.add(fs.get(f), w.get(f));
            }
            // the first part is on disk, and readable, before the run ends
            assertEquals(2, out.framesWritten());
            assertEquals(2, WakeTrajectoryReader.read(file).frames().size());
        }
        assertEquals(List.of(dir.resolve("t-part00000.h5"), dir.resolve("t-part00001.h5")),
                WakeTrajectoryReader.partFiles(file).stream().map(Path::toAbsolutePath).toList());
        assertEquals(3, XdmfCheck.verify(file));
        var t = WakeTrajectoryReader.read(file);
        assertEquals(META, t.meta());
        assertEquals(new TrajectoryReader.Info<>(META, 3), WakeTrajectoryReader.info(file));
        assertEquals(3, t.frames().size());
        float[][][] u = TrajectoryReader.readField(file, "u");
        float[][][] vort = TrajectoryReader.readField(file, "vorticity");
        assertEquals(3, vort.length);
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
                for (int i = 0; i < 8; i++) {
                    assertEquals((float) w.get(f)[j * 8 + i], vort[f][j][i], 0f);
                }
            }
            assertEquals(a.time(), b.time(), 0.0);
            assertEquals(a.step(), b.step());
        }
        try (HdfFile h = new HdfFile(dir.resolve("t-part00001.h5"))) {
            int[][] stored = (int[][]) h.getDatasetByPath("/solid").getData();
            assertEquals(1, stored[0][5]);
            assertEquals(1, java.util.Arrays.stream(stored).flatMapToInt(java.util.Arrays::stream).sum());
            // the second part says where it starts: frame 2, step 300 + 2 * stride
            assertEquals(304L, ((Number) h.getAttribute("first_step").getData()).longValue());
        }
        // writing again replaces the whole trajectory, leaving no old part or temporary file behind
        WakeTrajectoryWriter.write(file, META, frames(2).subList(0, 1), null, solid);
        assertEquals(1, WakeTrajectoryReader.read(file).frames().size());
        try (var s = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("t-part00000.h5"), file), s.sorted().toList());
        }
    }

    /** Small parts are listed in batches, so rewriting the index never costs more than the data. */
    @Test
    void indexOfSmallPartsIsRewrittenInBatchesAndCompletedOnClose() throws Exception {
        Path file = dir.resolve("s.xdmf");
        List<FlowState> fs = frames(7);
        assertTrue(WakeTrajectoryWriter.frameBytes(8, 4) < TrajectoryWriter.INDEX_BYTES_PER_FRAME);
        try (WakeTrajectoryWriter out = WakeTrajectoryWriter.open(file, META, new boolean[GRID.cellCount()], false, 1)) {
            for (FlowState f : fs) {
                out.add(f, null);
            }
            assertEquals(3, out.framesWritten());
            // the first part is listed at once; the next two weigh less than the index and wait
            assertEquals(1, WakeTrajectoryReader.info(file).frames());
        }
        assertEquals(3, WakeTrajectoryReader.info(file).frames());
        assertEquals(3, XdmfCheck.verify(file));
    }

    @Test
    void singleFileTrajectoryStaysReadableAndGetsAnIndex() throws Exception {
        Path file = dir.resolve("new.xdmf");
        List<FlowState> fs = frames(4);
        WakeTrajectoryWriter.write(file, META, fs, vorticity(fs), new boolean[GRID.cellCount()]);
        // a one-part trajectory is exactly the layout of the files written before streaming
        Path single = dir.resolve("old.h5");
        Files.copy(dir.resolve("new-part00000.h5"), single);
        var direct = WakeTrajectoryReader.read(single);
        assertEquals(META, direct.meta());
        WakeTrajectoryWriter.index(single, dir.resolve("old.xdmf"));
        assertEquals(3, XdmfCheck.verify(dir.resolve("old.xdmf")));
        var indexed = WakeTrajectoryReader.read(dir.resolve("old.xdmf"));
        assertEquals(direct.frames().get(2).u(3, 1), indexed.frames().get(2).u(3, 1), 0.0);
    }

    @Test
    void partsThatDoNotBelongTogetherAreRefused() throws Exception {
        Path a = dir.resolve("a.xdmf"), b = dir.resolve("b.xdmf");
        boolean[] solid = new boolean[GRID.cellCount()];
        try (WakeTrajectoryWriter out = WakeTrajectoryWriter.open(a, META, solid, false, 1)) {
            frames(5).forEach(f -> out.add(f, null));
        }
        TrajectoryMeta other = new TrajectoryMeta(8, 4, 2, 1, 1.0, 150, 0.02, 4, 300, 2, "test", "another-case");
        try (WakeTrajectoryWriter out = WakeTrajectoryWriter.open(b, other, solid, false, 1)) {
            frames(6).forEach(f -> out.add(f, null));
        }
        Files.copy(dir.resolve("b-part00001.h5"), dir.resolve("a-part00001.h5"), StandardCopyOption.REPLACE_EXISTING);
        InputException e = assertThrows(InputException.class, () -> WakeTrajectoryReader.read(a));
        assertTrue(e.getMessage().startsWith(dir.resolve("a-part00001.h5").toString()), e.getMessage());
        Files.delete(dir.resolve("b-part00002.h5"));
        e = assertThrows(InputException.class, () -> WakeTrajectoryReader.info(b));
        assertTrue(e.getMessage().contains("b-part00002.h5"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    /**
     * A part cut inside the superblock, the object headers, the data and by its last byte, and the
     * index cut at several places: always one line naming the file that is cut.
     */
    @Test
    void truncatedFileGivesErrorNamingTheFile() throws Exception {
        Path good = dir.resolve("good.xdmf");
        WakeTrajectoryWriter.write(good, META, frames(3), null, new boolean[GRID.cellCount()]);
        Path part = dir.resolve("good-part00000.h5");
        byte[] bytes = Files.readAllBytes(part);
        int n = bytes.length;
        for (int length : new int[] {0, 7, 100, 1000, n / 4, n / 2, 3 * n / 4, n - 1}) {
            Files.write(part, java.util.Arrays.copyOf(bytes, length));
            InputException e = assertThrows(InputException.class, () -> WakeTrajectoryReader.read(good),
                    "part cut to " + length + " of " + n + " bytes");
            assertTrue(e.getMessage().startsWith(part.toAbsolutePath().toString()), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        Files.write(part, bytes);
        byte[] xml = Files.readAllBytes(good);
        for (int length : new int[] {0, 10, xml.length / 4, xml.length / 2, xml.length - 10}) {
            Files.write(good, java.util.Arrays.copyOf(xml, length));
            InputException e = assertThrows(InputException.class, () -> WakeTrajectoryReader.read(good),
                    "index cut to " + length + " of " + xml.length + " bytes");
            assertTrue(e.getMessage().startsWith(good.toString()), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void garbageFileGivesErrorNamingTheFile() throws Exception {
        Path junk = dir.resolve("junk.h5");
        Path junkIndex = dir.resolve("junk.xdmf");
        Files.writeString(junkIndex, "<Xdmf><Domain/></Xdmf>");
        InputException noFrames = assertThrows(InputException.class, () -> WakeTrajectoryReader.read(junkIndex));
        assertTrue(noFrames.getMessage().startsWith(junkIndex.toString()), noFrames.getMessage());
        Files.writeString(junk, "this is not HDF5 at all, just text ".repeat(50));
        InputException e = assertThrows(InputException.class, () -> WakeTrajectoryReader.read(junk));
        System.out.println(e.getMessage());
        assertTrue(e.getMessage().startsWith(junk.toString()), e.getMessage());
        InputException missing = assertThrows(InputException.class, () -> WakeTrajectoryReader.read(dir.resolve("none.h5")));
        assertTrue(missing.getMessage().contains("none.h5"));
    }
}
