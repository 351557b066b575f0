package org.deepzero.defense.train;

import java.util.SplittableRandom;
import org.deepzero.zo.estimate.GradientEstimator;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.query.QueryExecutor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ZO-AE-DS's gradient (Zhang et al., ICLR 2022, Sec. 4): the gradient of the loss with respect to each
 * sample's low-dimensional latent code z_i is estimated from black-box queries, either by RGE,
 * ĝ_i = (d/q) Σ_j [(ℓ_i(z_i + μ u_ij) − ℓ_i(z_i)) / μ] u_ij with u_ij uniform on the unit sphere, or by CGE,
 * ĝ_i,k = (ℓ_i(z_i + μ e_k) − ℓ_i(z_i)) / μ over the d latent coordinates; the chain rule through encoder
 * and denoiser is then first-order ({@link DenoiserGraph#throughEncoder}). Spends q + 1 (RGE) or d + 1 (CGE)
 * evaluations of the batch per step, each a black-box query of every image.
 */
public final class ZoAeEstimator implements GradientEstimator {
    /** Perturbed copies of the batch sent to the black box in one call. */
    private static final int STACK = 8;

    private final DenoiserGraph graph;
    private final int queries;
    private final double mu;
    private final boolean coordinates;

    /**
     * @param queries RGE directions q (ignored by CGE, which uses all d latent coordinates)
     * @param coordinates CGE over the latent coordinates instead of RGE
     */
    public ZoAeEstimator(DenoiserGraph graph, int queries, double mu, boolean coordinates) {
        if (queries < 1 || !(mu > 0)) {
            throw new IllegalArgumentException("need q >= 1 and mu > 0, got q=" + queries + ", mu=" + mu);
        }
        this.graph = graph;
        this.queries = queries;
        this.mu = mu;
        this.coordinates = coordinates;
    }

    @Override
    public Estimate estimate(Objective objective, double[] theta, QueryExecutor executor, SplittableRandom random) {
        if (!(objective instanceof AutoencoderObjective ae)) {
            throw new IllegalArgumentException("ZO-AE-DS needs an AutoencoderObjective, got " + objective.getClass().getSimpleName());
        }
        int b = ae.batchSize();
        INDArray latent = ae.latent(theta);
        int d = (int) latent.size(1);
        float[] z0 = latent.data().asFloat();
        double[] f0 = ae.sampleLosses(Nd4j.create(z0, new long[] {b, d}, 'c'), 1);
        int k = coordinates ? d : queries;
        double[] g = new double[b * d];
        for (int from = 0; from < k; from += STACK) {
            int n = Math.min(STACK, k - from);
            float[] stacked = new float[n * b * d];
            float[][] dirs = new float[n][];
            for (int j = 0; j < n; j++) {
                dirs[j] = coordinates ? null : directions(b, d, random);
                for (int i = 0; i < b * d; i++) {
                    float u = coordinates ? ((i % d) == from + j ? 1f : 0f) : dirs[j][i];
                    stacked[j * b * d + i] = (float) (z0[i] + mu * u);
                }
            }
            double[] f = ae.sampleLosses(Nd4j.create(stacked, new long[] {(long) n * b, d}, 'c'), n);
            for (int j = 0; j < n; j++) {
                for (int s = 0; s < b; s++) {
                    double diff = (f[j * b + s] - f0[s]) / mu;
                    if (coordinates) {
                        g[s * d + from + j] = diff;
                    } else {
                        double w = (double) d / queries * diff;
                        for (int c = 0; c < d; c++) {
                            g[s * d + c] += w * dirs[j][s * d + c];
                        }
                    }
                }
            }
        }
        // the loss is the batch mean: its gradient with respect to z_i is ĝ_i / B
        INDArray upstream = Nd4j.create(g, new long[] {b, d}, 'c').divi(b);
        double[] grad = graph.lossAndGradient(theta, ae.noisy(), upstream).gradient();
        double mean = java.util.Arrays.stream(f0).average().orElseThrow();
        return new Estimate(grad, mean, k + 1);
    }

    /** One unit direction per sample, {@code [B, d]} flat. */
    private static float[] directions(int b, int d, SplittableRandom random) {
        float[] u = new float[b * d];
        for (int s = 0; s < b; s++) {
            double norm = 0;
            double[] v = new double[d];
            for (int c = 0; c < d; c++) {
                v[c] = random.nextGaussian();
                norm += v[c] * v[c];
            }
            double inv = 1 / Math.sqrt(norm);
            for (int c = 0; c < d; c++) {
                u[s * d + c] = (float) (v[c] * inv);
            }
        }
        return u;
    }

    @Override
    public String toString() {
        return coordinates ? "ZO-AE-DS[CGE over the latent code]" : "ZO-AE-DS[RGE, q=" + queries + "]";
    }
}
