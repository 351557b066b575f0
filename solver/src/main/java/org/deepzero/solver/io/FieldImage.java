package org.deepzero.solver.io;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.deepzero.common.AtomicFiles;

/**
 * Writes a cell field (vorticity, an error map) as a PNG: blue-white-red diverging colormap
 * symmetric about zero, obstacle cells grey, y up (row 0 of the field at the bottom), each cell
 * {@code scale x scale} pixels.
 */
public final class FieldImage {
    private static final int GREY = 0x808080;

    private FieldImage() {
    }

    /**
     * @param file  destination PNG (replaced atomically)
     * @param nx    cells along x
     * @param ny    cells along y
     * @param field {@code [ny][nx]} row-major values
     * @param solid solid-cell flags in the same layout, or null
     * @param limit the value mapped to full red (and minus it to full blue); <= 0 picks the 98th
     *              percentile of |field| over fluid cells, so a few extreme cells at body corners
     *              do not wash out the wake
     * @param scale pixels per cell, at least 1
     */
    public static void write(Path file, int nx, int ny, double[] field, boolean[] solid, double limit, int scale) {
        if (field.length != nx * ny || (solid != null && solid.length != nx * ny)) {
            throw new IllegalArgumentException("field of " + field.length + " values does not fit " + nx + "x" + ny);
        }
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be >= 1, got " + scale);
        }
        double lim = limit > 0 ? limit : robustScale(field, solid);
        BufferedImage img = new BufferedImage(nx * scale, ny * scale, BufferedImage.TYPE_INT_RGB);
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                int k = j * nx + i;
                int rgb = solid != null && solid[k] ? GREY : colour(field[k] / lim);
                int y0 = (ny - 1 - j) * scale;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        img.setRGB(i * scale + dx, y0 + dy, rgb);
                    }
                }
            }
        }
        try {
            AtomicFiles.writePng(file, img);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write image " + file + ": " + e.getMessage(), e);
        }
    }

    private static double robustScale(double[] field, boolean[] solid) {
        double[] a = new double[field.length];
        int n = 0;
        for (int k = 0; k < field.length; k++) {
            if ((solid == null || !solid[k]) && Double.isFinite(field[k])) {
                a[n++] = Math.abs(field[k]);
            }
        }
        if (n == 0) {
            return 1;
        }
        java.util.Arrays.sort(a, 0, n);
        double q = a[Math.min(n - 1, (int) (0.98 * n))];
        return q > 0 ? q : (a[n - 1] > 0 ? a[n - 1] : 1);
    }

    /** Blue (-1) to white (0) to red (+1); NaN black. */
    static int colour(double t) {
        if (Double.isNaN(t)) {
            return 0;
        }
        double c = Math.max(-1, Math.min(1, t));
        int fade = (int) Math.round(255 * (1 - Math.abs(c)));
        return c >= 0 ? (255 << 16) | (fade << 8) | fade : (fade << 16) | (fade << 8) | 255;
    }
}
