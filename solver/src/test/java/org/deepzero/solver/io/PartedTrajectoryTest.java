package org.deepzero.solver.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trajectory streaming and reading of {@link TrajectoryWriter} and {@link TrajectoryReader} for a
 * PDE other than the wake flow: one cell-centred field {@code h} on 4 x 3 cells, its own attributes
 * and XDMF index ({@link XdmfSidecar#writeCells} over parts), read back through its own decoder.
 */
class PartedTrajectoryTest {
    @TempDir
    Path dir;

    /** A state of the test PDE. */
    private record Cells(float[][] h, double time, long step) {
    }

    /** Its layout: field h [3][4], attribute cells (and first_frame), no constant datasets. */
    private record Layout(int cells) implements PartLayout {
        @Override
        public List<Field> fields() {
            return List.of(new Field("h", 3, 4, "m", "height at cell centres [frame][3][4]"));
        }

        @Override
        public Map<String, int[][]> constants() {
            return Map.of();
        }

        @Override
        public Map<String, Object> attributes(int part, int firstFrame) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("cells", cells);
            a.put("first_frame", firstFrame);
            return a;
        }

        @Override
        public void writeIndex(Writer w, List<XdmfSidecar.Part> parts) throws IOException {
            XdmfSidecar.writeCells(w, 4, 3, 0.5, 0.5, List.of("h"), parts);
        }
    }

    /** Its decoder: parts continue when their cell counts agree and first_frame follows on. */
    private static final TrajectoryReader.PartDecoder<int[], Cells> DECODER = new TrajectoryReader.PartDecoder<>() {
        @Override
        public int[] meta(TrajectoryPart part) {
            return new int[] {part.intAttr("cells"), part.intAttr("first_frame")};
        }

        @Override
        public String discontinuity(int[] first, int[] meta, int framesBefore) {
            return first[0] == meta[0] && meta[1] == framesBefore ? null : "cells " + meta[0] + ", first_frame "
                    + meta[1];
        }

        @Override
        public String frameDataset() {
            return "h";
        }

        @Override
        public List<Cells> frames(TrajectoryPart part, int[] meta) {
            float[][][] h = part.data("h", float[][][].class);
            double[] t = part.data("time", double[].class);
            long[] s = part.data("step", long[].class);
            List<Cells> out = new ArrayList<>();
            for (int f = 0; f < h.length; f++) {
                out.add(new Cells(h[f], t[f], s[f]));
            }
            return out;
        }
    };

    private static List<Cells> frames(int n, long seed) {
        Random r = new Random(seed);
        List<Cells> out = new ArrayList<>();
        for (int f = 0; f < n; f++) {
            float[][] h = new float[3][4];
            for (float[] row : h) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = r.nextFloat();
                }
            }
            out.add(new Cells(h, 0.1 * f, 10L + f));
        }
        return out;
    }

    private Path write(String name, List<Cells> frames, int cells, int perPart) {
        Path file = dir.resolve(name);
        try (TrajectoryWriter out = TrajectoryWriter.open(file, new Layout(cells), perPart)) {
            for (Cells c : frames) {
                out.add(c.time(), c.step(), List.<float[][]>of(c.h()));
            }
        }
        return file;
    }

    @Test
    void anotherLayoutStreamsInPartsAndReadsBackBitExact() {
        List<Cells> fs = frames(5, 1);
        Path file = write("h.xdmf", fs, 12, 2);
        assertEquals(3, TrajectoryReader.partFiles(file, "h").size(), "5 frames at 2 a part");
        assertEquals(List.of(2, 2, 1), XdmfSidecar.parts(file, "h").stream().map(XdmfSidecar.PartRef::frames).toList());
        Trajectory<int[], Cells> t = TrajectoryReader.read(file, DECODER);
        assertArrayEquals(new int[] {12, 0}, t.meta());
        assertEquals(5, t.frames().size());
        for (int f = 0; f < 5; f++) {
            assertArrayEquals(fs.get(f).h(), t.frames().get(f).h());
            assertEquals(fs.get(f).time(), t.frames().get(f).time(), 0.0);
            assertEquals(fs.get(f).step(), t.frames().get(f).step());
        }
        assertEquals(5, TrajectoryReader.info(file, DECODER).frames());
        assertArrayEquals(fs.get(3).h(), TrajectoryReader.readField(file, "h")[3]);
    }

    @Test
    void aPartOfAnotherTrajectoryIsRefusedByTheDecodersJudgement() throws Exception {
        Path a = write("a.xdmf", frames(4, 1), 12, 2);
        write("b.xdmf", frames(4, 2), 13, 2);
        Files.copy(dir.resolve("b-part00001.h5"), dir.resolve("a-part00001.h5"), StandardCopyOption.REPLACE_EXISTING);
        InputException e = assertThrows(InputException.class, () -> TrajectoryReader.read(a, DECODER));
        assertTrue(e.getMessage().contains("a-part00001.h5: attributes do not continue the trajectory a.xdmf (cells 13"),
                e.getMessage());
    }
}
