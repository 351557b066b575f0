package org.deepzero.vision.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Crop and flip geometry on a synthetic image whose pixels encode their position. */
class AugmentationTest {

    /** Pixel (c, y, x) holds 1 + (c*7 + y*32 + x) % 250: non-zero, so padding (0) is recognisable. */
    private static byte[] coded() {
        byte[] img = new byte[ImageSet.IMAGE_BYTES];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    img[c * 1024 + y * 32 + x] = (byte) code(c, y, x);
                }
            }
        }
        return img;
    }

    private static int code(int c, int y, int x) {
        return 1 + (c * 7 + y * 32 + x) % 250;
    }

    private static int at(byte[] img, int c, int y, int x) {
        return img[c * 1024 + y * 32 + x] & 0xFF;
    }

    @Test
    void zeroShiftWithoutFlipIsIdentity() {
        byte[] out = new byte[ImageSet.IMAGE_BYTES];
        Augmentation.transform(coded(), out, 0, 0, 0, false);
        assertArrayEquals(coded(), out);
    }

    @Test
    void flipMirrorsColumns() {
        byte[] out = new byte[ImageSet.IMAGE_BYTES];
        Augmentation.transform(coded(), out, 0, 0, 0, true);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    assertEquals(code(c, y, 31 - x), at(out, c, y, x));
                }
            }
        }
    }

    @Test
    void cropShiftsAndPadsWithZeros() {
        byte[] out = new byte[ImageSet.IMAGE_BYTES];
        // crop window starting 4 rows above and 3 columns right of the image origin (padded coordinates 0, 7)
        Augmentation.transform(coded(), out, 0, -4, 3, false);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    int sy = y - 4;
                    int sx = x + 3;
                    int expected = sy < 0 || sx > 31 ? 0 : code(c, sy, sx);
                    assertEquals(expected, at(out, c, y, x), "pixel " + c + "," + y + "," + x);
                }
            }
        }
    }

    @Test
    void flipIsAppliedAfterTheCrop() {
        byte[] out = new byte[ImageSet.IMAGE_BYTES];
        Augmentation.transform(coded(), out, 0, 2, 4, true);
        // cropped(y, x) = src(y+2, x+4); flipped(y, x) = cropped(y, 31-x)
        assertEquals(code(1, 12, 31 - 10 + 4), at(out, 1, 10, 10));
        assertEquals(0, at(out, 0, 5, 0)); // cropped column 31 -> source column 35: padding
        assertEquals(0, at(out, 0, 30, 5)); // source row 32: padding
    }

    @Test
    void randomDrawsCoverAllOffsetsAndFlipsAndAreSeeded() {
        byte[] img = coded();
        ImageSet one = new ImageSet(img, new byte[] {7});
        Set<String> seen = new HashSet<>();
        SplittableRandom r = new SplittableRandom(11);
        for (int k = 0; k < 3000; k++) {
            ImageSet out = Augmentation.STANDARD.apply(one, r);
            assertEquals(7, out.label(0));
            seen.add(identify(img, out));
        }
        assertEquals(9 * 9 * 2, seen.size(), "every crop offset in [-4, 4]^2 with and without flip");
        ImageSet a = Augmentation.STANDARD.apply(one, new SplittableRandom(5));
        ImageSet b = Augmentation.STANDARD.apply(one, new SplittableRandom(5));
        assertEquals(identify(img, a), identify(img, b));
    }

    /** Finds the (dy, dx, flip) that produced {@code out}. */
    private static String identify(byte[] src, ImageSet out) {
        byte[] got = new byte[ImageSet.IMAGE_BYTES];
        out.copyImage(0, got, 0);
        byte[] candidate = new byte[ImageSet.IMAGE_BYTES];
        for (int dy = -4; dy <= 4; dy++) {
            for (int dx = -4; dx <= 4; dx++) {
                for (boolean f : new boolean[] {false, true}) {
                    Augmentation.transform(src, candidate, 0, dy, dx, f);
                    if (java.util.Arrays.equals(candidate, got)) {
                        return dy + "," + dx + "," + f;
                    }
                }
            }
        }
        assertTrue(false, "output is no crop/flip of the input");
        return null;
    }
}
