package org.deepzero.common;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A line chart of one or more series against a common x axis starting at 0, rendered to PNG with
 * Java2D. Written here because the reports (coupling, defense) need one small chart and no
 * plotting library is among the project's dependencies; it draws axes with rounded ticks, a
 * legend and a title, nothing more.
 */
public final class LinePlot {
    private static final Color[] PALETTE = {
        new Color(0x33, 0x33, 0x33), new Color(0xd6, 0x27, 0x28), new Color(0x1f, 0x77, 0xb4),
        new Color(0x2c, 0xa0, 0x2c), new Color(0xff, 0x7f, 0x0e), new Color(0x94, 0x67, 0xbd)};

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final Map<String, double[][]> series = new LinkedHashMap<>();

    public LinePlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Adds a series; point i is drawn at x = i + 1 (steps count from 1). */
    public LinePlot add(String name, double[] values) {
        double[] x = new double[values.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
        }
        return add(name, x, values);
    }

    /** Adds a series of points (x[i], y[i]); x must not be negative. */
    public LinePlot add(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series " + name + ": " + x.length + " x values for " + y.length + " y values");
        }
        series.put(name, new double[][] {x.clone(), y.clone()});
        return this;
    }

    /** Renders the chart to the PNG file {@code file}, atomically ({@link AtomicFiles}). */
    public void write(Path file, int width, int height) throws IOException {
        AtomicFiles.writePng(file, render(width, height));
    }

    /** The chart as an image of {@code width} x {@code height} pixels. */
    public BufferedImage render(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();

        int left = 70;
        int right = 20;
        int top = 36;
        int bottom = 50;
        int pw = width - left - right;
        int ph = height - top - bottom;

        double xMax = 0;
        double yMax = 0;
        for (double[][] s : series.values()) {
            for (int i = 0; i < s[0].length; i++) {
                if (Double.isFinite(s[0][i])) {
                    xMax = Math.max(xMax, s[0][i]);
                }
                if (Double.isFinite(s[1][i])) {
                    yMax = Math.max(yMax, s[1][i]);
                }
            }
        }
        double xTick = niceStep(xMax > 0 ? xMax : 1, 8);
        double n = Math.ceil((xMax > 0 ? xMax : 1) / xTick) * xTick;
        double yTick = niceStep(yMax > 0 ? yMax : 1, 5);
        double yTop = Math.ceil((yMax > 0 ? yMax : 1) / yTick) * yTick;

        g.setColor(new Color(0xe6, 0xe6, 0xe6));
        for (double y = 0; y <= yTop + 1e-12; y += yTick) {
            int py = top + ph - (int) Math.round(y / yTop * ph);
            g.drawLine(left, py, left + pw, py);
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, pw, ph);
        for (double y = 0; y <= yTop + 1e-12; y += yTick) {
            int py = top + ph - (int) Math.round(y / yTop * ph);
            String label = format(y);
            g.drawString(label, left - 6 - fm.stringWidth(label), py + fm.getAscent() / 2 - 1);
        }
        for (double x = 0; x <= n + 1e-9; x += xTick) {
            int px = left + (int) Math.round(x / n * pw);
            g.drawLine(px, top + ph, px, top + ph + 4);
            String label = format(x);
            g.drawString(label, px - fm.stringWidth(label) / 2, top + ph + 6 + fm.getAscent());
        }
        g.drawString(xLabel, left + pw / 2 - fm.stringWidth(xLabel) / 2, height - 10);
        Graphics2D gy = (Graphics2D) g.create();
        gy.rotate(-Math.PI / 2);
        gy.drawString(yLabel, -(top + ph / 2) - fm.stringWidth(yLabel) / 2, 16);
        gy.dispose();
        g.setFont(g.getFont().deriveFont(Font.BOLD, 14f));
        g.drawString(title, left, top - 12);
        g.setFont(g.getFont().deriveFont(Font.PLAIN, 12f));

        int k = 0;
        g.setStroke(new BasicStroke(2f));
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            g.setColor(PALETTE[k % PALETTE.length]);
            double[] x = e.getValue()[0];
            double[] s = e.getValue()[1];
            for (int i = 1; i < s.length; i++) {
                if (Double.isFinite(x[i - 1]) && Double.isFinite(x[i]) && Double.isFinite(s[i - 1]) && Double.isFinite(s[i])) {
                    g.drawLine(left + (int) Math.round(x[i - 1] / n * pw),
                            top + ph - (int) Math.round(Math.min(s[i - 1], yTop) / yTop * ph),
                            left + (int) Math.round(x[i] / n * pw),
                            top + ph - (int) Math.round(Math.min(s[i], yTop) / yTop * ph));
                }
            }
            int ly = top + 14 + 16 * k;
            g.drawLine(left + 10, ly - 4, left + 34, ly - 4);
            g.setColor(Color.BLACK);
            g.drawString(e.getKey(), left + 40, ly);
            k++;
        }
        g.dispose();
        return img;
    }

    /** A 1, 2 or 5 times a power of ten giving about {@code count} ticks over {@code range}. */
    static double niceStep(double range, int count) {
        double raw = range / count;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double r = raw / mag;
        double nice = r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10;
        return nice * mag;
    }

    private static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
