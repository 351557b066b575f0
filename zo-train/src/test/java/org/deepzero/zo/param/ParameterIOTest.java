package org.deepzero.zo.param;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.StagedModels;
import org.deepzero.common.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParameterIOTest {

    @Test
    void roundTripKeepsLayoutAndValues(@TempDir Path dir) throws IOException {
        StagedModel m = StagedModels.convNet(2, "conv5x5:4,relu,conv5x5:2");
        double[] theta = m.initialParameters(1);
        Path f = dir.resolve("corrector.params");
        ParameterIO.save(f, m.space(), theta);
        ParameterIO.Saved s = ParameterIO.load(f);
        assertEquals(m.space(), s.space());
        assertArrayEquals(theta, s.theta());
        assertArrayEquals(theta, ParameterIO.load(f, m.space()));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
        StagedModel other = StagedModels.convNet(2, "conv5x5:3,relu,conv5x5:2");
        assertThrows(InputException.class, () -> ParameterIO.load(f, other.space()));
    }

    @Test
    void garbageIsRejected(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad");
        Files.writeString(f, "hello world, not parameters");
        assertThrows(InputException.class, () -> ParameterIO.load(f));
    }

    /**
     * A count or length field damaged to a huge or negative value anywhere in the file is an
     * InputException naming the file and an offset, never an attempt to allocate it (the fuzz test found
     * a rank of 2^31 - 1 turning into an OutOfMemoryError).
     */
    @Test
    void damagedCountsAreReportedWithTheirOffset(@TempDir Path dir) throws IOException {
        StagedModel m = StagedModels.convNet(2, "conv5x5:4,relu,conv5x5:2");
        Path good = dir.resolve("good.params");
        ParameterIO.save(good, m.space(), m.initialParameters(1));
        byte[] bytes = Files.readAllBytes(good);
        Path f = dir.resolve("damaged.params");
        int checked = 0;
        for (int at = 8; at < 200; at++) {
            for (int value : new int[] {Integer.MAX_VALUE, -1, 1 << 24}) {
                byte[] b = bytes.clone();
                java.nio.ByteBuffer.wrap(b).putInt(at, value);
                Files.write(f, b);
                try {
                    ParameterIO.load(f, m.space());
                } catch (InputException e) {
                    // where the file stops making sense, or (a readable file of another layout) what differs
                    assertTrue(e.getMessage().contains(f.toString()) && (e.getMessage().contains("offset ")
                            || e.getMessage().contains("parameter layout")), e.getMessage());
                    checked++;
                }
            }
        }
        assertTrue(checked > 300, checked + " damaged files refused");
        byte[] nan = bytes.clone();
        java.nio.ByteBuffer.wrap(nan).putDouble(bytes.length - 8, Double.NaN);
        Files.write(f, nan);
        InputException e = assertThrows(InputException.class, () -> ParameterIO.load(f));
        assertTrue(e.getMessage().contains("offset " + (bytes.length - 8)) && e.getMessage().contains("NaN"),
                e.getMessage());
    }
}
