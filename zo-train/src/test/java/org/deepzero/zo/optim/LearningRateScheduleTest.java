package org.deepzero.zo.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void cosineEndpointsAndMidpoint() {
        LearningRateSchedule s = LearningRateSchedule.cosine(0.1, 0.001, 100);
        assertEquals(0.1, s.rate(0), 0.0);
        assertEquals(0.001, s.rate(100), 1e-17);
        assertEquals(0.001, s.rate(500), 0.0);
        assertEquals((0.1 + 0.001) / 2, s.rate(50), 1e-16);
        for (int i = 1; i <= 100; i++) {
            assertTrue(s.rate(i) <= s.rate(i - 1), "monotone at " + i);
        }
    }

    @Test
    void stepDecay() {
        LearningRateSchedule s = LearningRateSchedule.step(1.0, 10, 0.1);
        assertEquals(1.0, s.rate(0), 0.0);
        assertEquals(1.0, s.rate(9), 0.0);
        assertEquals(0.1, s.rate(10), 1e-16);
        assertEquals(0.01, s.rate(25), 1e-17);
    }

    @Test
    void linearWarmupThenSchedule() {
        LearningRateSchedule s = LearningRateSchedule.cosine(0.4, 0, 10).withWarmup(3);
        assertEquals(0.1, s.rate(0), 1e-16);
        assertEquals(0.2, s.rate(1), 1e-16);
        assertEquals(0.3, s.rate(2), 1e-16);
        assertEquals(0.4, s.rate(3), 0.0);
        assertEquals(0.0, s.rate(13), 1e-17);
        assertTrue(LearningRateSchedule.constant(1).withWarmup(0) instanceof LearningRateSchedule.Constant);
    }

    @Test
    void rejectsBadArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.cosine(0.1, 0, 0));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(-1));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(1, 5, 1.5));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(1).rate(-1));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(1).withWarmup(-2));
    }
}
