package org.deepzero.solver.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Guards the wake step against unintended changes of its numbers while its operators are made
 * faster. The resource {@code karman-64x32-step200-solver-0.1.bin} holds u, v and p after 200 steps
 * from rest of the default case (cases/karman-2d, 64x32, Re 150), as big-endian
 * {@code int n, n doubles} per field. It was first written by the solver as it was before the speed
 * work of issue 12 (commit 5d39a0d), and rewritten once, on purpose, when the pressure got its
 * outflow condition p = 0 (before, the outflow was pure Neumann and the incremental pressure
 * had no anchor there, which weakened the shedding; see StrouhalTest): the same program that
 * reproduced the old file bit for bit from the old solver wrote the new one. It is not a physical
 * truth: the physics is checked by TaylorGreenTest (order) and StrouhalTest (Williamson's St, the
 * published lift amplitude); this test checks that a faster step is the same step. The bound
 * is 1e-6 of the field's largest magnitude; an operator rewritten with the same arithmetic in the
 * same order reproduces it exactly (the test also reports the largest difference).
 */
class FrozenTrajectoryTest {
    private static final String RESOURCE = "karman-64x32-step200-solver-0.1.bin";

    @Test
    void twoHundredStepsMatchTheFrozenSolver() throws IOException {
        FlowCase c = FlowCaseReader.read(Path.of("../cases/karman-2d"));
        WakeFlow flow = new WakeFlow(c.coarseSpec(c.defaultReynolds()));
        FlowState s = flow.initialState();
        for (int k = 0; k < 200; k++) {
            s = flow.step(s);
        }
        double[][] frozen = read();
        double[][] now = {s.uValues(), s.vValues(), s.pressureValues()};
        String[] names = {"u", "v", "p"};
        for (int f = 0; f < 3; f++) {
            assertEquals(frozen[f].length, now[f].length, names[f] + " length");
            double scale = 0, diff = 0;
            for (int k = 0; k < now[f].length; k++) {
                scale = Math.max(scale, Math.abs(frozen[f][k]));
                diff = Math.max(diff, Math.abs(now[f][k] - frozen[f][k]));
            }
            System.out.printf("frozen trajectory, step 200: max |%s - %s_frozen| = %.3g (scale %.3g)%n",
                    names[f], names[f], diff, scale);
            assertTrue(scale > 0.1, names[f] + " of the frozen state is not a developed flow");
            assertTrue(diff <= 1e-6 * scale, names[f] + " differs from the frozen solver by " + diff
                    + " (scale " + scale + ")");
        }
    }

    private static double[][] read() throws IOException {
        try (InputStream raw = FrozenTrajectoryTest.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IOException("test resource " + RESOURCE + " missing");
            }
            DataInputStream in = new DataInputStream(raw);
            double[][] fields = new double[3][];
            for (int f = 0; f < 3; f++) {
                fields[f] = new double[in.readInt()];
                for (int k = 0; k < fields[f].length; k++) {
                    fields[f][k] = in.readDouble();
                }
            }
            return fields;
        }
    }
}
