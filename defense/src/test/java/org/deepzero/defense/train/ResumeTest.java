package org.deepzero.defense.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deepzero.defense.blackbox.VictimClassifier;
import org.deepzero.vision.data.ImageSet;
import org.deepzero.vision.model.ModelSpec;
import org.deepzero.zo.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DeepZero-DS run that dies after a checkpoint and is resumed ends with exactly the parameters of an
 * uninterrupted run (same batches, noise, masks and ratios from the seed), and a finished run is reused.
 */
class ResumeTest {
    @TempDir
    Path dir;

    private DefenseConfig config(Path out) {
        return new DefenseConfig(dir, dir.resolve("victim.params"), ModelSpec.cnn(1, 4), out, 0.25, 3, 40, 20, 4, 3, 1,
                4, 1e-3, 4, 3, 1e-2, 5e-3, 10, 2, 4, 2, 1, 2);
    }

    @Test
    void aResumedRunEndsWhereAnUninterruptedOneDoes() {
        ImageSet images = QueryBudgetTest.randomImages(40, 4);
        VictimClassifier victim = QueryBudgetTest.tinyVictim(images);
        DefenseConfig c = config(dir.resolve("whole"));
        DefenseTraining.Trained first = new DefenseTraining(c, images, false, List.of())
                .train(DefenseMethod.DEEPZERO, victim.asBlackBox(), null);
        double[] whole = first.theta();

        Path out = dir.resolve("interrupted");
        TrainingListener crash = r -> {
            if (r.step() == 3) {
                throw new IllegalStateException("simulated crash in step 3");
            }
        };
        assertThrows(IllegalStateException.class, () -> new DefenseTraining(config(out), images, false, List.of(crash))
                .train(DefenseMethod.DEEPZERO, victim.asBlackBox(), null));
        assertTrue(Files.exists(out.resolve("train-deepzero/checkpoint.dzck")));
        assertTrue(!Files.exists(out.resolve("train-deepzero/theta.params")));
        DefenseTraining.Trained resumed = new DefenseTraining(config(out), images, true, List.of())
                .train(DefenseMethod.DEEPZERO, victim.asBlackBox(), null);
        assertArrayEquals(whole, resumed.theta());
        // the resumed session ran only steps 3 and 4 (the checkpoint was of step 2) and reused the ratios:
        // half the per-step queries of the whole run, which also paid ZO-GraSP (B + 2(g+1)B), plus B labels
        // for the objective zo-train's Trainer builds once on resume to check the parameter count
        long grasp = c.batch() + 2L * (c.graspQueries() + 1) * c.batch();
        assertEquals((first.blackBoxQueries() - grasp) / 2 + c.batch(), resumed.blackBoxQueries());

        DefenseTraining.Trained again = new DefenseTraining(config(out), images, false, List.of())
                .train(DefenseMethod.DEEPZERO, victim.asBlackBox(), null);
        assertArrayEquals(whole, again.theta());
        assertTrue(again.reused() && again.blackBoxQueries() == 0, "a finished run is read back, not retrained");
        // what each run cost is kept with it: the whole run's queries, and the resumed session's marked as such
        TrainingCost whole0 = new DefenseTraining(c, images, false, List.of()).recordedCost(DefenseMethod.DEEPZERO).orElseThrow();
        assertEquals(first.blackBoxQueries(), whole0.blackBoxQueries());
        assertEquals(c.steps(), whole0.steps());
        assertTrue(!whole0.resumed());
        TrainingCost part = new DefenseTraining(config(out), images, false, List.of()).recordedCost(DefenseMethod.DEEPZERO).orElseThrow();
        assertEquals(resumed.blackBoxQueries(), part.blackBoxQueries());
        assertTrue(part.resumed());
    }
}
