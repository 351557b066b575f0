package org.deepzero.solver.mesh;

import java.util.List;

/**
 * A rectangular domain [0, width] x [0, height] with solid obstacles.
 *
 * @param width     domain length along x (streamwise)
 * @param height    domain length along y (cross-stream)
 * @param obstacles the bodies; the first one is the reference body of the Reynolds number
 */
public record Mesh(double width, double height, List<Obstacle> obstacles) {

    /** Copies the obstacle list and checks the domain. */
    public Mesh {
        obstacles = List.copyOf(obstacles);
        if (!(width > 0) || !(height > 0)) {
            throw new IllegalArgumentException("domain must be positive, got " + width + "x" + height);
        }
    }

    /**
     * The length D in Re = U D / nu: the diameter of the first obstacle when it is a circle,
     * otherwise its extent across the stream. Without obstacles, the domain height.
     *
     * @return the reference length
     */
    public double referenceLength() {
        return obstacles.isEmpty() ? height : obstacles.get(0).crossStreamExtent();
    }

    /** @return true when (x, y) is inside any obstacle */
    public boolean isSolid(double x, double y) {
        for (Obstacle o : obstacles) {
            if (o.contains(x, y)) {
                return true;
            }
        }
        return false;
    }
}
