package org.deepzero.zo.param;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
