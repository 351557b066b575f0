package org.deepzero.zo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingProgressTest {

    @Test
    void forwardsTheSessionStartAndEveryStepWithLossLearningRateAndMetrics() {
        List<String> seen = new ArrayList<>();
        TrainingProgress p = new TrainingProgress("train x",
                (phase, done, total, values) -> seen.add(phase + " " + done + "/" + total + " " + values));
        p.onStart(4, 10, 1000);
        p.onStep(new StepReport(5, 10, 1.5, 0.01, 100, 1100, 99, Map.of("val_mae", 0.25)));
        assertEquals(List.of("train x 4/10 {}", "train x 5/10 {loss=1.5, lr=0.01, val_mae=0.25}"), seen);
    }
}
