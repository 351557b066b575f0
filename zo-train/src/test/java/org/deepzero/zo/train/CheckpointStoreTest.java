package org.deepzero.zo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.deepzero.zo.optim.OptimizerState;
import org.deepzero.common.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    @TempDir
    Path dir;

    private static Checkpoint sample(int step) {
        double[] theta = {1.0, -0.0, Double.MIN_VALUE, Math.PI, Double.NaN, 1e300};
        OptimizerState state = new OptimizerState("adam", 12, List.of(new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6},
                new double[] {1e-9, 2e-9, 3e-9, 4e-9, 5e-9, 6e-9}));
        return new Checkpoint(step, theta, state, Double.NaN, 1234567890123L, 42.5, -99L, "sha256:abc");
    }

    @Test
    void roundTripIsBitExact() {
        CheckpointStore store = new CheckpointStore(dir.resolve("run"));
        assertTrue(store.loadLatest().isEmpty());
        store.save(sample(5));
        Checkpoint back = store.loadLatest().orElseThrow();
        assertEquals(sample(5), back);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(back.theta()[1]));
    }

    @Test
    void overwriteLeavesNoTemporaryFiles() throws IOException {
        CheckpointStore store = new CheckpointStore(dir);
        for (int s = 1; s <= 5; s++) {
            store.save(sample(s));
        }
        store.saveBest(sample(3));
        assertEquals(5, store.loadLatest().orElseThrow().step());
        assertEquals(3, CheckpointStore.read(store.bestPath()).step());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(CheckpointStore.BEST, CheckpointStore.LATEST),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void damagedFilesAreReportedWithTheirName() throws IOException {
        CheckpointStore store = new CheckpointStore(dir);
        store.save(sample(1));
        Path file = store.latestPath();
        byte[] bytes = Files.readAllBytes(file);

        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        InputException e = assertThrows(InputException.class, () -> CheckpointStore.read(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("damaged"), e.getMessage());

        bytes[40] ^= 1;
        Files.write(file, bytes);
        e = assertThrows(InputException.class, () -> CheckpointStore.read(file));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());

        Files.writeString(file, "not a checkpoint at all");
        e = assertThrows(InputException.class, () -> CheckpointStore.read(file));
        assertTrue(e.getMessage().contains("not a DeepZero-J checkpoint"), e.getMessage());

        UncheckedIOException missing = assertThrows(UncheckedIOException.class,
                () -> CheckpointStore.read(dir.resolve("nope.dzck")));
        assertTrue(missing.getMessage().contains("nope.dzck"), missing.getMessage());
    }
}
