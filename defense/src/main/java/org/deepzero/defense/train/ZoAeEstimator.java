package org.deepzero.defense.train;

import java.util.SplittableRandom;
import org.deepzero.defense.denoise.Networks;
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
 * evaluations of the batch per step, each a black-box query of every image. The evaluations run as the
 * executor's tasks ({@link AutoencoderObjective#queries}), on cluster members when there are any; the
 * estimate is combined here in a fixed order, so it does not depend on where they ran.
 */
public final class ZoAeEstimator implements GradientEstimator {
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
        int d = Networks.LATENT;
        float[] z0 = ae.latent(theta).data().asFloat();
        LatentPerturbations p = coordinates ? LatentPerturbations.cge(z0, b, mu)
                : LatentPerturbations.rge(z0, b, mu, queries, random);
        double[][] f = executor.run(ae.queries(p));
        double[] f0 = f[0];
        int k = p.count();
        double[] g = new double[b * d];
        for (int s = 0; s < p.stacks(); s++) {
            int from = s * LatentPerturbations.STACK;
            float[] u = coordinates ? null : p.directions(s);
            for (int j = 0; j < p.groups(s); j++) {
                for (int i = 0; i < b; i++) {
                    double diff = (f[1 + s][j * b + i] - f0[i]) / mu;
                    if (coordinates) {
                        g[i * d + from + j] = diff;
                    } else {
                        double w = (double) d / queries * diff;
                        for (int c = 0; c < d; c++) {
                            g[i * d + c] += w * u[j * b * d + i * d + c];
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

    @Override
    public String toString() {
        return coordinates ? "ZO-AE-DS[CGE over the latent code]" : "ZO-AE-DS[RGE, q=" + queries + "]";
    }
}
