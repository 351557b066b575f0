package org.deepzero.coupling.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Summary statistics of rollout errors against hand-computed values. */
class MethodErrorsTest {
    private static final List<String> ROLLOUTS = List.of("a", "b", "c");

    @Test
    void meansAndStudentInterval() {
        MethodErrors e = new MethodErrors("m", ROLLOUTS, new double[][] {{0, 2}, {1, 3}, {2, 4}});
        assertArrayEquals(new double[] {1, 3}, e.meanPerStep(), 1e-15);
        assertArrayEquals(new double[] {1, 2, 3}, e.rolloutMeans(), 1e-15);
        assertEquals(2, e.mean(), 1e-15);
        // rollout means 1, 2, 3: sd 1, t(0.975, 2 dof) = 4.302652729911275
        assertEquals(4.302652729911275 / Math.sqrt(3), e.halfWidth95(), 1e-9);
    }

    @Test
    void pairedDifferenceRemovesTheSharedSpread() {
        MethodErrors a = new MethodErrors("a", ROLLOUTS, new double[][] {{1}, {5}, {9}});
        MethodErrors b = new MethodErrors("b", ROLLOUTS, new double[][] {{2}, {6}, {10}});
        double[] d = a.pairedDifference(b);
        assertEquals(-1, d[0], 1e-15);
        assertEquals(0, d[1], 1e-15);
        MethodErrors other = new MethodErrors("c", List.of("x", "y", "z"), new double[][] {{1}, {1}, {1}});
        assertThrows(IllegalArgumentException.class, () -> a.pairedDifference(other));
    }

    @Test
    void raggedRowsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new MethodErrors("m", List.of("a", "b"), new double[][] {{1, 2}, {1}}));
    }
}
