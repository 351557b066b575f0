package org.deepzero.solver.mesh;

import java.util.List;

/**
 * A solid body in the flow. A grid cell is solid when its centre lies inside an obstacle
 * (a staircase approximation of the surface); faces touching a solid cell are no-slip.
 */
public sealed interface Obstacle permits Obstacle.Circle, Obstacle.Rectangle, Obstacle.Polygon {

    /** @return true when the point (x, y) lies inside the body */
    boolean contains(double x, double y);

    /** @return the bounding box {minX, minY, maxX, maxY} */
    double[] bounds();

    /** @return the extent across the stream (along y): the diameter for a circle */
    default double crossStreamExtent() {
        double[] b = bounds();
        return b[3] - b[1];
    }

    /** @return the centroid of the bounding box {x, y}, used to place probes */
    default double[] centre() {
        double[] b = bounds();
        return new double[] {(b[0] + b[2]) / 2, (b[1] + b[3]) / 2};
    }

    /**
     * A disc.
     *
     * @param cx     centre x
     * @param cy     centre y
     * @param radius radius, positive
     */
    record Circle(double cx, double cy, double radius) implements Obstacle {
        /** Checks the radius. */
        public Circle {
            if (!(radius > 0)) {
                throw new IllegalArgumentException("circle radius must be positive, got " + radius);
            }
        }

        @Override
        public boolean contains(double x, double y) {
            double ddx = x - cx;
            double ddy = y - cy;
            return ddx * ddx + ddy * ddy <= radius * radius;
        }

        @Override
        public double[] bounds() {
            return new double[] {cx - radius, cy - radius, cx + radius, cy + radius};
        }
    }

    /**
     * An axis-aligned rectangle [x0, x1] x [y0, y1].
     *
     * @param x0 left
     * @param y0 bottom
     * @param x1 right, greater than x0
     * @param y1 top, greater than y0
     */
    record Rectangle(double x0, double y0, double x1, double y1) implements Obstacle {
        /** Checks the corners are ordered. */
        public Rectangle {
            if (!(x1 > x0) || !(y1 > y0)) {
                throw new IllegalArgumentException("rectangle needs x0 < x1 and y0 < y1");
            }
        }

        @Override
        public boolean contains(double x, double y) {
            return x >= x0 && x <= x1 && y >= y0 && y <= y1;
        }

        @Override
        public double[] bounds() {
            return new double[] {x0, y0, x1, y1};
        }
    }

    /**
     * A simple polygon given by its vertices (either orientation, not closed explicitly).
     *
     * @param xs vertex x coordinates, at least 3
     * @param ys vertex y coordinates, same length
     */
    record Polygon(List<Double> xs, List<Double> ys) implements Obstacle {
        /** Copies the vertex lists and checks them. */
        public Polygon {
            xs = List.copyOf(xs);
            ys = List.copyOf(ys);
            if (xs.size() != ys.size() || xs.size() < 3) {
                throw new IllegalArgumentException("polygon needs at least 3 (x, y) vertices, got "
                        + xs.size() + " x and " + ys.size() + " y");
            }
        }

        /** Even-odd ray casting: count edge crossings of a ray to +x. */
        @Override
        public boolean contains(double x, double y) {
            boolean inside = false;
            int n = xs.size();
            for (int a = 0, b = n - 1; a < n; b = a++) {
                double xa = xs.get(a), ya = ys.get(a), xb = xs.get(b), yb = ys.get(b);
                if ((ya > y) != (yb > y) && x < (xb - xa) * (y - ya) / (yb - ya) + xa) {
                    inside = !inside;
                }
            }
            return inside;
        }

        @Override
        public double[] bounds() {
            double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
            for (int k = 0; k < xs.size(); k++) {
                b[0] = Math.min(b[0], xs.get(k));
                b[1] = Math.min(b[1], ys.get(k));
                b[2] = Math.max(b[2], xs.get(k));
                b[3] = Math.max(b[3], ys.get(k));
            }
            return b;
        }
    }
}
