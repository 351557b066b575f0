package org.deepzero.zo.prune;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.deepzero.zo.autodiff.AutodiffGradient;
import org.deepzero.zo.estimate.Difference;
import org.deepzero.zo.nn.LayerSpec;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.StagedModels;
import org.deepzero.zo.nn.TestNets;
import org.deepzero.zo.objective.CrossEntropyLoss;
import org.deepzero.zo.objective.Loss;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.param.ParameterSpace;
import org.deepzero.zo.query.QueryExecutor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ZO-GraSP against first-order GraSP on a small CNN: the first-order Hessian-gradient product is a
 * central difference of two SameDiff float64 gradients along g, {@code Hg ≈ (∇f(θ+εg) - ∇f(θ-εg)) / 2ε}.
 */
class ZoGraspCnnTest {

    static final QueryExecutor SERIAL = (objective, batch) -> objective.values(batch);
    static final double SPARSITY = 0.9;

    /** The small CNN, its parameters, the loss on a class-balanced batch and first-order GraSP's θ ⊙ Hg. */
    record Fixture(StagedModel model, ParameterSpace space, double[] theta, Objective f, double[] exact) {
        static Fixture create() {
            StagedModel model = StagedModels.convNet(new long[] {3, 8, 8},
                    LayerSpec.parse("conv5x5:4,relu,maxpool,conv5x5:6,relu,gap,dense:4"), DataType.DOUBLE);
            ParameterSpace space = model.space();
            double[] theta = model.initialParameters(1);
            // class-balanced mini-batch: 3 samples of each of 4 classes
            int[] labels = new int[12];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = i % 4;
            }
            INDArray x = TestNets.gaussian(2, 12, 3, 8, 8);
            Loss loss = new CrossEntropyLoss(labels, 4);
            Objective f = new Objective() {
                @Override
                public ParameterSpace space() {
                    return space;
                }

                @Override
                public double value(double[] t) {
                    return loss.value(model.forward(t, x));
                }
            };
            AutodiffGradient ad = new AutodiffGradient(model);
            double[] g = ad.lossAndGradient(theta, x, loss).gradient();
            double norm = Math.sqrt(java.util.Arrays.stream(g).map(v -> v * v).sum());
            double eps = 1e-4 / norm;
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            for (int i = 0; i < theta.length; i++) {
                plus[i] += eps * g[i];
                minus[i] -= eps * g[i];
            }
            double[] gp = ad.lossAndGradient(plus, x, loss).gradient();
            double[] gm = ad.lossAndGradient(minus, x, loss).gradient();
            double[] exact = new double[theta.length];
            for (int i = 0; i < theta.length; i++) {
                exact[i] = theta[i] * (gp[i] - gm[i]) / (2 * eps);
            }
            return new Fixture(model, space, theta, f, exact);
        }
    }

    /**
     * The share of the kept coordinates that two sets of layer ratios place in different layers:
     * {@code ½ Σ_layers |kept_a − kept_b| / K}; 0 when every layer keeps as many, 1 when no layer agrees.
     */
    static double misallocation(ParameterSpace space, LayerRatios a, LayerRatios b) {
        java.util.Map<String, Integer> sizes = new java.util.LinkedHashMap<>();
        for (ParameterSpace.Segment s : space.segments()) {
            sizes.merge(s.layer(), s.length(), Integer::sum);
        }
        double diff = 0;
        double kept = 0;
        for (var e : sizes.entrySet()) {
            int ka = a.keptCount(e.getKey(), e.getValue());
            diff += Math.abs(ka - b.keptCount(e.getKey(), e.getValue()));
            kept += ka;
        }
        return diff / (2 * kept);
    }

    /**
     * The layer ratios (all that training uses) against first-order GraSP's at 90% sparsity, measured as
     * the share of kept coordinates placed in another layer. Measured on this CNN: RGE at the default
     * q = 192 misplaces 9.8% on average over 8 seeds (seeds 0 to 3, used here: 2.1% to 13.8%), about as much as
     * random scores (13.8%); q = 768 7.3%; coordinate-wise ZO-GraSP ({@link ZoGrasp#withCge}, 2d + 2 =
     * 1,878 queries) 4.3% with forward and 2.1% with central differences.
     */
    @Test
    void layerRatiosAgainstFirstOrderGrasp() {
        Fixture fx = Fixture.create();
        LayerRatios exact = LayerRatios.fromScores(fx.space(), fx.exact(), SPARSITY);
        LayerRatios random = LayerRatios.fromScores(fx.space(),
                new RandomScore().importance(fx.f(), fx.theta(), SERIAL, new SplittableRandom(5)), SPARSITY);
        double randomShare = misallocation(fx.space(), random, exact);
        System.out.println("first-order GraSP keep ratios at 90% sparsity: " + exact);
        System.out.printf("random scores: misallocation %.3f, %s%n", randomShare, random);
        int seeds = 4;
        double mean = 0;
        for (int seed = 0; seed < seeds; seed++) {
            LayerRatios zo = LayerRatios.fromScores(fx.space(), ZoGrasp.deepZeroDefaults().importance(fx.f(), fx.theta(),
                    SERIAL, new SplittableRandom(100 + seed)), SPARSITY);
            double m = misallocation(fx.space(), zo, exact);
            mean += m / seeds;
            System.out.printf("ZO-GraSP RGE q = %d, seed %d: misallocation %.3f, %s%n", ZoGrasp.DEFAULT_QUERIES, seed, m, zo);
        }
        LayerRatios cge = LayerRatios.fromScores(fx.space(), ZoGrasp.withCge(ZoGrasp.DEFAULT_MU, Difference.FORWARD)
                .importance(fx.f(), fx.theta(), SERIAL, new SplittableRandom(1)), SPARSITY);
        double cgeShare = misallocation(fx.space(), cge, exact);
        System.out.printf("ZO-GraSP RGE q = %d: mean misallocation %.3f over %d seeds; coordinate-wise (CGE): %.3f, %s%n",
                ZoGrasp.DEFAULT_QUERIES, mean, seeds, cgeShare, cge);
        // RGE at q = 192: no better than random scores on this network; guard against it getting worse
        assertTrue(mean <= 0.15, "RGE q = 192 misplaces " + mean + " of the kept coordinates");
        // coordinate-wise: close to first-order GraSP, and clearly closer than random scores
        assertTrue(cgeShare <= 0.06, "coordinate-wise ZO-GraSP misplaces " + cgeShare);
        assertTrue(cgeShare < randomShare / 2, "coordinate-wise " + cgeShare + ", random " + randomShare);
    }

    @Test
    @Tag("slow")
    void spearmanWithFirstOrderGrasp() {
        Fixture fx = Fixture.create();
        ParameterSpace space = fx.space();
        double[] theta = fx.theta();
        double[] exact = fx.exact();
        boolean[] weight = new boolean[theta.length];
        for (ParameterSpace.Segment s : space.segments()) {
            if (s.name().endsWith("weight")) {
                for (int i = s.offset(); i < s.end(); i++) {
                    weight[i] = true;
                }
            }
        }
        LayerRatios exactRatios = LayerRatios.fromScores(space, exact, SPARSITY);
        System.out.println("first-order GraSP keep ratios at 90% sparsity: " + exactRatios);
        double rhoAt3000 = Double.NaN;
        for (int q : new int[] {ZoGrasp.DEFAULT_QUERIES, 3000}) {
            long t0 = System.nanoTime();
            double[] zo = ZoGrasp.withRge(q, ZoGrasp.DEFAULT_MU).importance(fx.f(), theta, SERIAL, new SplittableRandom(3));
            double secs = (System.nanoTime() - t0) * 1e-9;
            double rho = Spearman.correlation(zo, exact);
            System.out.printf("ZO-GraSP vs first-order GraSP, %d-parameter CNN, q = %d: Spearman %.3f "
                            + "(weights only %.3f), %.1f s; keep ratios at 90%% sparsity %s%n", theta.length, q, rho,
                    Spearman.correlation(select(zo, weight), select(exact, weight)), secs,
                    LayerRatios.fromScores(space, zo, SPARSITY));
            rhoAt3000 = rho;
        }
        // with q well above the ~0.3 reached at q = 192 for 938 coordinates, the ranking agrees clearly
        assertTrue(rhoAt3000 >= 0.6, "Spearman " + rhoAt3000);   // measured 0.660 (0.263 at q = 192)
    }

    static double[] select(double[] v, boolean[] keep) {
        int n = 0;
        for (boolean k : keep) {
            n += k ? 1 : 0;
        }
        double[] out = new double[n];
        int j = 0;
        for (int i = 0; i < v.length; i++) {
            if (keep[i]) {
                out[j++] = v[i];
            }
        }
        return out;
    }
}
