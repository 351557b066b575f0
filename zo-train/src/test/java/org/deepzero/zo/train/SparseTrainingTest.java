package org.deepzero.zo.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepzero.zo.estimate.SparseCge;
import org.deepzero.zo.optim.LearningRateSchedule;
import org.deepzero.zo.optim.Sgd;
import org.deepzero.zo.prune.CoordinateMask;
import org.deepzero.zo.prune.LayerRatios;
import org.deepzero.zo.prune.MaskSampler;
import org.deepzero.zo.query.QueryExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DeepZero's sparse training: sparse CGE over masks redrawn every k steps from layer ratios. */
class SparseTrainingTest {

    private static final QueryExecutor SERIAL = (objective, batch) -> objective.values(batch);
    private static final int STEPS = 12;

    @TempDir
    Path dir;

    private static MaskSampler sampler() {
        Map<String, Double> keep = new LinkedHashMap<>();
        keep.put("l1", 0.5);   // 8 coordinates -> 4
        keep.put("l2", 0.25);  // 4 coordinates -> 1
        return new MaskSampler(NoisyQuadratic.SPACE, LayerRatios.of(keep), 5, 3);
    }

    private Trainer.Builder trainer(Path run) {
        MaskSampler masks = sampler();
        return Trainer.builder()
                .estimators(s -> new SparseCge(() -> masks.maskForStep(s).toBooleanArray(), 1e-4))
                .objectives(s -> new NoisyQuadratic(5, s))
                .optimizer(Sgd.builder(LearningRateSchedule.constant(0.2)).momentum(0.5).build())
                .executor(SERIAL).steps(STEPS).seed(5).checkpoints(new CheckpointStore(run), 4);
    }

    @Test
    void sparseStepsTouchOnlyTheMaskAndResumeExactly() {
        MaskSampler masks = sampler();
        List<Integer> queries = new ArrayList<>();
        double[] theta0 = new double[NoisyQuadratic.SPACE.dimension()];
        TrainingResult whole = trainer(dir.resolve("whole")).listener(r -> queries.add(r.queries())).build().run(theta0);
        // exactly (selected coordinates + 1) queries per step
        queries.forEach(q -> assertEquals(masks.maskSize() + 1, q));
        // with plain SGD from 0 only coordinates that some mask selected can have moved
        boolean[] touched = new boolean[theta0.length];
        for (int s = 0; s < STEPS; s++) {
            CoordinateMask m = masks.maskForStep(s);
            for (int i : m.indices()) {
                touched[i] = true;
            }
        }
        double[] theta = whole.theta();
        for (int i = 0; i < theta.length; i++) {
            if (!touched[i]) {
                assertEquals(0.0, theta[i], 0.0, "coordinate " + i + " never in a mask");
            }
        }

        Path run = dir.resolve("split");
        assertThrows(IllegalStateException.class, () -> trainer(run).listener(r -> {
            if (r.step() == 6) {
                throw new IllegalStateException("crash");
            }
        }).build().run(theta0));
        assertArrayEquals(theta, trainer(run).build().resume().theta(), 0.0);
    }
}
