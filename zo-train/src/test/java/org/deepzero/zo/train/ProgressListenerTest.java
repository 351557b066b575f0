package org.deepzero.zo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressListenerTest {

    @Test
    void reportsThroughputAndEtaOfThisSession() {
        long[] now = {0};
        List<String> lines = new ArrayList<>();
        ProgressListener p = new ProgressListener(lines::add, 2, () -> now[0]);
        p.onStart(4, 10, 1000); // resumed at step 4 with 1000 queries spent
        now[0] = 2_000_000_000L;
        p.onStep(new StepReport(5, 10, 1.5, 0.01, 100, 1100, 99, Map.of()));
        assertEquals(0, lines.size(), "only every 2 steps");
        now[0] = 4_000_000_000L;
        p.onStep(new StepReport(6, 10, 1.25, 0.01, 100, 1200, 99, Map.of("val_acc", 0.5)));
        // 200 queries in 4 s; 2 steps in 4 s -> 4 steps left take 8 s
        assertEquals("step 6/10  loss 1.25000  lr 0.0100  50 queries/s  ETA 0:00:08  val_acc 0.500000", lines.get(0));
        now[0] = 10_000_000_000L;
        p.onStep(new StepReport(7, 7, 1.0, 0.01, 100, 1300, 99, Map.of()));
        assertEquals(2, lines.size(), "the last step is always reported");
    }

    @Test
    void durationFormat() {
        assertEquals("1:01:01", ProgressListener.duration(3661));
        assertEquals("?", ProgressListener.duration(Double.NaN));
    }
}
