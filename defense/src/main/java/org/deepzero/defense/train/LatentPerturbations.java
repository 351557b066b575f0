package org.deepzero.defense.train;

import java.io.Serializable;
import java.util.SplittableRandom;
import org.deepzero.common.Seeds;
import org.deepzero.defense.denoise.Networks;
import org.deepzero.zo.query.SeededDirections;

/**
 * The perturbed latent codes of one ZO-AE-DS estimate, as what regenerates them: the batch's codes z
 * ({@code [B, 192]} flat), μ, and either the d latent coordinates (CGE: stack member j of stack s moves
 * coordinate 8s + j of every sample) or the RGE directions as the generator position at the start of
 * each stack ({@link SeededDirections}: one unit vector per sample and direction, drawn in the order the
 * estimator always drew them), so a cluster member redraws them bit for bit from a few longs. Evaluated
 * {@value #STACK} perturbed copies of the batch per stack (one black-box call).
 *
 * @param latent      z, {@code [B, d]} flat in C order
 * @param batch       B
 * @param mu          the smoothing radius
 * @param coordinates CGE over the latent coordinates instead of RGE
 * @param count       directions q (RGE) or coordinates d (CGE)
 * @param positions   RGE: the generator's position at the start of each stack; CGE: empty
 */
public record LatentPerturbations(float[] latent, int batch, double mu, boolean coordinates, int count,
                                  long[] positions) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Perturbed copies of the batch sent to the black box in one call. */
    public static final int STACK = 8;

    public LatentPerturbations {
        latent = latent.clone();
        positions = positions.clone();
        if (batch < 1 || latent.length != batch * Networks.LATENT || count < 1 || !(mu > 0)) {
            throw new IllegalArgumentException("need B >= 1 codes of " + Networks.LATENT + ", count >= 1 and mu > 0, got "
                    + latent.length + " numbers for B=" + batch + ", count=" + count + ", mu=" + mu);
        }
        if (positions.length != (coordinates ? 0 : stacks(count))) {
            throw new IllegalArgumentException(positions.length + " stack positions for " + count + " directions");
        }
    }

    /**
     * RGE with {@code q} directions drawn from {@code random}, which is left where drawing them directly
     * would leave it.
     */
    public static LatentPerturbations rge(float[] latent, int batch, double mu, int q, SplittableRandom random) {
        long[] positions = new long[stacks(q)];
        long start = Seeds.position(random);
        long position = start;
        for (int s = 0; s < positions.length; s++) {
            positions[s] = position;
            position = seeded(position, batch, groups(q, s)).draw().next();
        }
        Seeds.advanceTo(random, start, position);
        return new LatentPerturbations(latent, batch, mu, false, q, positions);
    }

    /** CGE over the d latent coordinates. */
    public static LatentPerturbations cge(float[] latent, int batch, double mu) {
        return new LatentPerturbations(latent, batch, mu, true, Networks.LATENT, new long[0]);
    }

    /** Stacks of at most {@value #STACK} perturbations. */
    public int stacks() {
        return stacks(count);
    }

    /** Perturbations in stack {@code s}. */
    public int groups(int s) {
        return groups(count, s);
    }

    /** RGE: the unit directions of stack {@code s}, {@code [groups, B, d]} flat (one per sample and direction). */
    public float[] directions(int s) {
        if (coordinates) {
            throw new IllegalStateException("CGE has no random directions");
        }
        double[][] v = seeded(positions[s], batch, groups(s)).draw().vectors();
        int d = Networks.LATENT;
        float[] u = new float[v.length * d];
        for (int r = 0; r < v.length; r++) {
            for (int c = 0; c < d; c++) {
                u[r * d + c] = (float) v[r][c];
            }
        }
        return u;
    }

    /** The perturbed codes of stack {@code s}: {@code groups(s)} copies of z + μu, {@code [groups·B, d]} flat. */
    public float[] stacked(int s) {
        int n = groups(s);
        int bd = latent.length;
        int d = Networks.LATENT;
        float[] u = coordinates ? null : directions(s);
        float[] out = new float[n * bd];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < bd; i++) {
                float e = coordinates ? ((i % d) == s * STACK + j ? 1f : 0f) : u[j * bd + i];
                out[j * bd + i] = (float) (latent[i] + mu * e);
            }
        }
        return out;
    }

    private static int stacks(int count) {
        return (count + STACK - 1) / STACK;
    }

    private static int groups(int count, int s) {
        return Math.min(STACK, count - s * STACK);
    }

    /** A stack's directions: one unit vector of the latent dimension per (direction, sample), in that order. */
    private static SeededDirections seeded(long position, int batch, int groups) {
        return new SeededDirections(position, Networks.LATENT, null, true, groups * batch);
    }
}
