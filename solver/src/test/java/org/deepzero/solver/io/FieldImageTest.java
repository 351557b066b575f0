package org.deepzero.solver.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FieldImageTest {
    @TempDir
    Path dir;

    @Test
    void blueWhiteRedWithGreyObstaclesAndYUp() throws Exception {
        // 3 x 2 cells: bottom row -1, 0, +1; top row: solid, 0, 0
        double[] field = {-1, 0, 1, 0, 0, 0};
        boolean[] solid = {false, false, false, true, false, false};
        Path png = dir.resolve("w.png");
        FieldImage.write(png, 3, 2, field, solid, 1.0, 2);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(6, img.getWidth());
        assertEquals(4, img.getHeight());
        assertEquals(0x0000ff, img.getRGB(0, 3) & 0xffffff, "bottom-left is -1: blue");
        assertEquals(0xffffff, img.getRGB(2, 3) & 0xffffff, "zero: white");
        assertEquals(0xff0000, img.getRGB(5, 3) & 0xffffff, "+1: red");
        assertEquals(0x808080, img.getRGB(0, 0) & 0xffffff, "solid cell at the top-left: grey");
    }
}
