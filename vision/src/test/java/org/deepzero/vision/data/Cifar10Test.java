package org.deepzero.vision.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader against facts of the real data set (shared/data/cifar10/README.txt). */
class Cifar10Test {

    @Test
    void fullSplitsHaveThePublishedCounts() {
        Path dir = TestData.cifar10();
        ImageSet train = Cifar10.train(dir);
        ImageSet test = Cifar10.test(dir);
        assertEquals(50_000, train.size());
        assertEquals(10_000, test.size());
        int[] fiveThousand = new int[10];
        Arrays.fill(fiveThousand, 5000);
        assertArrayEquals(fiveThousand, train.classCounts());
        int[] thousand = new int[10];
        Arrays.fill(thousand, 1000);
        assertArrayEquals(thousand, test.classCounts());

        // the README's oracle: mean (0.4914, 0.4822, 0.4465), std (0.2470, 0.2435, 0.2616)
        ChannelStats stats = ChannelStats.of(train);
        for (int c = 0; c < 3; c++) {
            assertEquals(ChannelStats.CIFAR10.mean()[c], stats.mean()[c], 6e-5, "mean of channel " + c);
            assertEquals(ChannelStats.CIFAR10.std()[c], stats.std()[c], 6e-5, "std of channel " + c);
        }
    }

    @Test
    void firstOriginalBatchMatchesTheOfficialRelease() {
        Path dir = TestData.cifar10();
        ImageSet batch1 = Cifar10.train(dir, 10_000); // == data_batch_1.bin
        assertEquals(10_000, batch1.size());
        assertArrayEquals(new int[] {1005, 974, 1032, 1016, 999, 937, 1030, 1001, 1025, 981}, batch1.classCounts());
        assertArrayEquals(new int[] {6, 9, 9, 4, 1, 1, 2, 7, 8, 3}, Arrays.copyOf(batch1.labels(), 10));
        // record 0 (a frog): first 15 red pixels of the top row, as printed from the official pickle
        int[] red = {59, 43, 50, 68, 98, 119, 139, 145, 149, 149, 131, 125, 142, 144, 137};
        for (int x = 0; x < red.length; x++) {
            assertEquals(red[x], batch1.pixel(0, 0, 0, x), "red pixel (0, " + x + ")");
        }
    }

    @Test
    void testSplitStartsWithTheLosslessShard() {
        ImageSet test = Cifar10.test(TestData.cifar10(), 1000);
        assertArrayEquals(new int[] {3, 8, 8, 0, 6, 6, 1, 6, 3, 1}, Arrays.copyOf(test.labels(), 10));
        assertArrayEquals(new int[] {103, 89, 100, 103, 90, 86, 112, 102, 106, 109}, test.classCounts());
    }

    @Test
    void readsTheOriginalFileNames(@TempDir Path tmp) throws IOException {
        Path dir = TestData.cifar10();
        Files.copy(dir.resolve("cifar10-train-000.bin"), tmp.resolve("data_batch_1.bin"));
        Files.copy(dir.resolve("cifar10-train-001.bin"), tmp.resolve("data_batch_2.bin"));
        Files.copy(dir.resolve("cifar10-test-000.bin"), tmp.resolve("test_batch.bin"));
        ImageSet train = Cifar10.train(tmp);
        assertEquals(2000, train.size());
        assertEquals(59, train.pixel(0, 0, 0, 0));
        assertEquals(1000, Cifar10.test(tmp).size());
    }

    @Test
    void truncatedFileIsNamedWithItsProblem(@TempDir Path tmp) throws IOException {
        byte[] whole = Files.readAllBytes(TestData.cifar10().resolve("cifar10-train-000.bin"));
        Path file = tmp.resolve("data_batch_1.bin");
        Files.write(file, Arrays.copyOf(whole, 5 * Cifar10.RECORD_BYTES + 100));
        CifarFormatException e = assertThrows(CifarFormatException.class, () -> Cifar10.train(tmp));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not a multiple of the 3073-byte"), e.getMessage());
        assertTrue(e instanceof org.deepzero.common.InputException, "a user error: exit 2 on the command line");
    }

    @Test
    void foreignFileWithBadLabelIsRejected(@TempDir Path tmp) throws IOException {
        byte[] junk = new byte[3 * Cifar10.RECORD_BYTES];
        junk[2 * Cifar10.RECORD_BYTES] = (byte) 200;
        Path file = tmp.resolve("cifar10-test-000.bin");
        Files.write(file, junk);
        CifarFormatException e = assertThrows(CifarFormatException.class, () -> Cifar10.test(tmp));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("record 2")
                && e.getMessage().contains("label 200"), e.getMessage());
    }

    @Test
    void missingOrEmptyFolderIsExplained(@TempDir Path tmp) throws IOException {
        CifarFormatException none = assertThrows(CifarFormatException.class, () -> Cifar10.train(tmp));
        assertTrue(none.getMessage().contains("data_batch_1.bin"), none.getMessage());
        CifarFormatException missing = assertThrows(CifarFormatException.class,
                () -> Cifar10.test(tmp.resolve("nowhere")));
        assertTrue(missing.getMessage().contains("not a folder"), missing.getMessage());
        Files.write(tmp.resolve("test_batch.bin"), new byte[0]);
        CifarFormatException empty = assertThrows(CifarFormatException.class, () -> Cifar10.test(tmp));
        assertTrue(empty.getMessage().contains("empty file"), empty.getMessage());
    }
}
