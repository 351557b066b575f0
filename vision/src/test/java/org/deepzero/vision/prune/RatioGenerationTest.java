package org.deepzero.vision.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.deepzero.vision.data.TestData;
import org.deepzero.vision.model.ModelSpec;
import org.deepzero.vision.train.Pruning;
import org.deepzero.zo.prune.LayerRatios;
import org.deepzero.zo.query.LocalQueryExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatioGenerationTest {

    private static PruneConfig config(Pruning p, long seed) {
        // DeepZero uses 25 images per class and q = 192; a test needs far less
        return new PruneConfig(TestData.cifar10(), ModelSpec.cnn(2, 18), 0.9, p, 5, 16, 5e-3, seed, 300);
    }

    @Test
    void zoGraspRatiosHitTheGlobalSparsityAndReadBack(@TempDir Path tmp) {
        Path file = tmp.resolve("ratios.txt");
        RatioGeneration.Result r = RatioGeneration.run(config(Pruning.ZO_GRASP, 3), file, LocalQueryExecutor.serial());
        assertEquals(r.space().layers(), java.util.List.copyOf(r.ratios().asMap().keySet()));
        assertEquals(0.1, r.ratios().overallKeepRatio(r.space()), 1e-3);
        assertEquals(r.ratios(), LayerRatios.load(file));
        assertEquals(r.ratios(), RatioGeneration.compute(config(Pruning.ZO_GRASP, 3)).ratios(), "reproducible");
        assertTrue(r.describe().contains("conv1"), r.describe());
    }

    @Test
    void coordinateWiseZoGraspRatiosHitTheGlobalSparsity() {
        // d + 1 forward-difference queries at θ and at θ + μ g0: a width-4 CNN (170 coordinates) keeps it short
        PruneConfig c = new PruneConfig(TestData.cifar10(), ModelSpec.cnn(1, 4), 0.9, Pruning.ZO_GRASP_CGE, 2, 16, 5e-3,
                3, 300);
        RatioGeneration.Result r = RatioGeneration.compute(c);
        assertEquals(0.1, r.ratios().overallKeepRatio(r.space()), 1e-2);
        assertEquals(r.ratios(), RatioGeneration.compute(c).ratios(), "deterministic");
    }

    /**
     * Random scores ranked globally keep, in a layer of n of the N coordinates, a hypergeometric count
     * of mean n K / N and variance n p (1 - p) (N - n) / (N - 1), p = K / N: each layer's kept count must
     * lie within 4 standard deviations (the bound is wide for the 36 batch-norm coordinates, tight for
     * the 2,934 of the second conv), and the counts add up to K exactly.
     */
    @Test
    void randomRatiosAreCloseToUniform() {
        RatioGeneration.Result r = RatioGeneration.compute(config(Pruning.RANDOM, 1));
        java.util.Map<String, Integer> sizes = new java.util.LinkedHashMap<>();
        for (var seg : r.space().segments()) {
            sizes.merge(seg.layer(), seg.length(), Integer::sum);
        }
        int total = r.space().dimension();
        int keptAll = total - (int) Math.round(0.9 * total);
        double p = (double) keptAll / total;
        int sum = 0;
        for (var e : r.ratios().asMap().entrySet()) {
            int n = sizes.get(e.getKey());
            int kept = r.ratios().keptCount(e.getKey(), n);
            double mean = n * p;
            double sd = Math.sqrt(n * p * (1 - p) * (total - n) / (total - 1.0));
            System.out.printf("random scores, layer %s: %d of %d kept (expected %.1f +- %.1f)%n", e.getKey(), kept, n,
                    mean, sd);
            assertTrue(Math.abs(kept - mean) <= 4 * sd, e.getKey() + ": " + kept + " of " + n + " kept");
            sum += kept;
        }
        assertEquals(keptAll, sum, "the layers keep K coordinates in all");
    }
}
