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
    void randomRatiosAreCloseToUniform() {
        RatioGeneration.Result r = RatioGeneration.compute(config(Pruning.RANDOM, 1));
        for (double keep : r.ratios().asMap().values()) {
            assertEquals(0.1, keep, 0.12); // small layers (batch norm, 36 coordinates) vary most
        }
    }
}
