package org.deepzero.zo.query;

import java.io.Serializable;
import java.util.SplittableRandom;
import org.deepzero.common.Seeds;

/**
 * The random directions of an RGE batch as what regenerates them: the generator's position
 * ({@link Seeds#position}) at the first direction, the distribution and the count. The estimator draws
 * its directions through this class, so a cluster member that receives it (a few dozen bytes instead of
 * {@code 8·d} per direction) rebuilds the same directions bit for bit.
 *
 * @param position   the generator's position before the first direction
 * @param dimension  d, the length of every direction
 * @param subspace   the coordinates the directions span (ascending, each in [0, d)), or null for all
 * @param unitSphere normalised to unit length (uniform on the sphere) rather than N(0, I)
 * @param count      directions in the batch
 */
public record SeededDirections(long position, int dimension, int[] subspace, boolean unitSphere, int count)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The directions, and the generator's position after them (where the next batch's draws start). */
    public record Drawn(double[][] vectors, long next) {
    }

    public SeededDirections {
        if (dimension < 1 || count < 1) {
            throw new IllegalArgumentException("need a positive dimension and count, got " + dimension + " and " + count);
        }
        if (subspace != null && (subspace.length == 0 || subspace[0] < 0 || subspace[subspace.length - 1] >= dimension)) {
            throw new IllegalArgumentException("subspace must be non-empty and inside [0, " + dimension + ")");
        }
    }

    /** Draws the directions: per direction, one Gaussian per (subspace) coordinate in order, then the scaling. */
    public Drawn draw() {
        SplittableRandom random = new SplittableRandom(position);
        double[][] vectors = new double[count][];
        for (int i = 0; i < count; i++) {
            vectors[i] = direction(random);
        }
        return new Drawn(vectors, Seeds.position(random));
    }

    private double[] direction(SplittableRandom random) {
        if (subspace != null) {
            double[] sub = new double[subspace.length];
            double norm = 0;
            for (int k = 0; k < sub.length; k++) {
                sub[k] = random.nextGaussian();
                norm += sub[k] * sub[k];
            }
            double scale = unitSphere ? 1.0 / Math.sqrt(norm) : 1.0;
            double[] u = new double[dimension];
            for (int k = 0; k < sub.length; k++) {
                u[subspace[k]] = sub[k] * scale;
            }
            return u;
        }
        double[] u = new double[dimension];
        double norm = 0;
        for (int j = 0; j < dimension; j++) {
            u[j] = random.nextGaussian();
            norm += u[j] * u[j];
        }
        if (unitSphere) {
            double inv = 1.0 / Math.sqrt(norm);
            for (int j = 0; j < dimension; j++) {
                u[j] *= inv;
            }
        }
        return u;
    }
}
