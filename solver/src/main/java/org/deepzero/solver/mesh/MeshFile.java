package org.deepzero.solver.mesh;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deepzero.solver.io.InputException;
import org.deepzero.solver.io.TextFiles;

/**
 * Reads the mesh text format (documented in meshes/README.md): one shape per line,
 * <pre>
 * domain    WIDTH HEIGHT          # exactly once, before the obstacles
 * circle    CX CY DIAMETER
 * rectangle X0 Y0 X1 Y1
 * polygon   X1 Y1 X2 Y2 X3 Y3 ... # at least 3 vertices
 * </pre>
 * {@code #} starts a comment. Obstacles must lie inside the domain. Errors are
 * {@link InputException}s: {@code file:line: [mesh] circle: problem}.
 */
public final class MeshFile {
    private MeshFile() {
    }

    /**
     * @param file the mesh file
     * @return the mesh
     * @throws InputException on unreadable files, syntax errors and obstacles outside the domain
     */
    public static Mesh read(Path file) {
        return parse(file, TextFiles.readLines(file, "mesh file"));
    }

    /**
     * @param file  name for messages
     * @param lines the text
     * @return the mesh
     */
    public static Mesh parse(Path file, List<String> lines) {
        double width = 0, height = 0;
        boolean haveDomain = false;
        List<Obstacle> obstacles = new ArrayList<>();
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1);
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (text.isEmpty()) {
                continue;
            }
            String[] parts = text.split("\\s+");
            String kind = parts[0].toLowerCase(Locale.ROOT);
            double[] v = numbers(file, n, kind, parts);
            switch (kind) {
                case "domain" -> {
                    arity(file, n, kind, v, 2, "WIDTH HEIGHT");
                    if (haveDomain) {
                        throw new InputException(file, n, "mesh", kind, "domain given twice");
                    }
                    if (!(v[0] > 0) || !(v[1] > 0)) {
                        throw new InputException(file, n, "mesh", kind, "width and height must be positive, got "
                                + v[0] + " x " + v[1]);
                    }
                    width = v[0];
                    height = v[1];
                    haveDomain = true;
                }
                case "circle" -> {
                    arity(file, n, kind, v, 3, "CX CY DIAMETER");
                    if (!(v[2] > 0)) {
                        throw new InputException(file, n, "mesh", kind, "diameter must be positive, got " + v[2]);
                    }
                    obstacles.add(inside(file, n, kind, new Obstacle.Circle(v[0], v[1], v[2] / 2), haveDomain, width, height));
                }
                case "rectangle" -> {
                    arity(file, n, kind, v, 4, "X0 Y0 X1 Y1");
                    if (!(v[2] > v[0]) || !(v[3] > v[1])) {
                        throw new InputException(file, n, "mesh", kind, "needs X0 < X1 and Y0 < Y1");
                    }
                    obstacles.add(inside(file, n, kind, new Obstacle.Rectangle(v[0], v[1], v[2], v[3]), haveDomain, width, height));
                }
                case "polygon" -> {
                    if (v.length < 6 || v.length % 2 != 0) {
                        throw new InputException(file, n, "mesh", kind,
                                "expected at least 3 vertices as X Y pairs, got " + v.length + " numbers");
                    }
                    List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
                    for (int k = 0; k < v.length; k += 2) {
                        xs.add(v[k]);
                        ys.add(v[k + 1]);
                    }
                    obstacles.add(inside(file, n, kind, new Obstacle.Polygon(xs, ys), haveDomain, width, height));
                }
                default -> throw new InputException(file, n, "mesh", kind,
                        "unknown shape (known: domain, circle, rectangle, polygon)");
            }
        }
        if (!haveDomain) {
            throw new InputException(file, 0, "mesh", "domain", "missing value (no 'domain WIDTH HEIGHT' line)");
        }
        return new Mesh(width, height, obstacles);
    }

    private static double[] numbers(Path file, int n, String kind, String[] parts) {
        double[] v = new double[parts.length - 1];
        for (int k = 1; k < parts.length; k++) {
            try {
                v[k - 1] = Double.parseDouble(parts[k]);
            } catch (NumberFormatException e) {
                v[k - 1] = Double.NaN;
            }
            if (!Double.isFinite(v[k - 1])) {
                throw new InputException(file, n, "mesh", kind, "expected a number, got '" + parts[k] + "'");
            }
        }
        return v;
    }

    private static void arity(Path file, int n, String kind, double[] v, int count, String form) {
        if (v.length != count) {
            throw new InputException(file, n, "mesh", kind, (v.length < count ? "missing value" : "too many values")
                    + ": expected " + kind + " " + form + ", got " + v.length + " numbers");
        }
    }

    private static Obstacle inside(Path file, int n, String kind, Obstacle o, boolean haveDomain, double w, double h) {
        if (!haveDomain) {
            throw new InputException(file, n, "mesh", kind, "obstacle before the 'domain' line");
        }
        double[] b = o.bounds();
        if (b[0] < 0 || b[1] < 0 || b[2] > w || b[3] > h) {
            throw new InputException(file, n, "mesh", kind, String.format(Locale.ROOT,
                    "obstacle outside the domain [0, %s] x [0, %s] (it spans x %.4g..%.4g, y %.4g..%.4g)",
                    Double.toString(w), Double.toString(h), b[0], b[2], b[1], b[3]));
        }
        return o;
    }
}
