package org.deepzero.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class LinePlotTest {

    /** Plot area of a 400 x 300 chart: the margins of {@link LinePlot#render}. */
    private static final int LEFT = 70;
    private static final int WIDTH = 400 - 70 - 20;
    /** Row of y = 2.5 on an axis 0..5: 36 + 214 - 107 (top margin 36, plot height 300 - 36 - 50). */
    private static final int MID = 143;
    /** A single point (no line) that sets the axes to x 0..10, y 0..5. */
    private static final double[][] SCALE = {{10}, {5}};

    @Test
    void pointsAreDrawnAtTheirXValues() {
        // the red series spans the left half of the line y = 2.5 only, the dark one all of it,
        // drawn first and overdrawn by red
        BufferedImage img = new LinePlot("t", "x", "y")
                .add("dark", new double[] {0, 10}, new double[] {2.5, 2.5})
                .add("red", new double[] {0, 5}, new double[] {2.5, 2.5})
                .add("scale", SCALE[0], SCALE[1])
                .render(400, 300);
        assertEquals(new Color(0xd6, 0x27, 0x28).getRGB(), img.getRGB(LEFT + WIDTH / 4, MID), "red, left half");
        assertEquals(new Color(0x33, 0x33, 0x33).getRGB(), img.getRGB(LEFT + 3 * WIDTH / 4, MID), "dark, right half");
    }

    @Test
    void stepsCountFromOne() {
        // values at steps 1..10 on an axis 0..10: the line starts at x = 1, a tenth of the width in
        BufferedImage img = new LinePlot("t", "x", "y")
                .add("dark", new double[] {2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5})
                .add("scale", SCALE[0], SCALE[1])
                .render(400, 300);
        assertEquals(new Color(0x33, 0x33, 0x33).getRGB(), img.getRGB(LEFT + WIDTH / 10 + 3, MID));
        assertEquals(Color.WHITE.getRGB(), img.getRGB(LEFT + WIDTH / 10 - 3, MID));
    }

    @Test
    void mismatchedSeriesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new LinePlot("t", "x", "y").add("s", new double[] {0, 1}, new double[] {1}));
    }
}
