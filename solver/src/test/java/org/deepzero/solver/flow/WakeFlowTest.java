package org.deepzero.solver.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.deepzero.solver.SimulationDivergedException;
import org.deepzero.solver.grid.SideBoundary;
import org.deepzero.solver.mesh.Mesh;
import org.deepzero.solver.mesh.Obstacle;
import org.deepzero.solver.ops.AdvectionScheme;
import org.junit.jupiter.api.Test;

class WakeFlowTest {
    private static final Mesh CYLINDER = new Mesh(2, 1, List.of(new Obstacle.Circle(0.5, 0.5, 0.0625)));

    private static WakeSpec coarse() {
        return new WakeSpec(CYLINDER, 64, 32, SideBoundary.FREE_SLIP, 1.0, 150, 0.02, AdvectionScheme.MACCORMACK);
    }

    @Test
    void stepIsPureAndThreadSafe() throws Exception {
        WakeFlow flow = new WakeFlow(coarse());
        FlowState s0 = flow.initialState();
        double[] before = s0.toChannels();
        FlowState serial = s0;
        for (int k = 0; k < 20; k++) {
            serial = flow.step(serial);
        }
        assertArrayEquals(before, s0.toChannels(), 0.0, "step must not modify its input");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<FlowState>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> {
                    FlowState s = s0;
                    for (int k = 0; k < 20; k++) {
                        s = flow.step(s);
                    }
                    return s;
                }));
            }
            for (Future<FlowState> r : runs) {
                assertArrayEquals(serial.toChannels(), r.get().toChannels(), 0.0, "threads must agree bit for bit");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void channelsRoundTripExactlyAndCorrectionsAdd() {
        WakeFlow flow = new WakeFlow(coarse());
        FlowState s = flow.step(flow.initialState());
        double[] ch = s.toChannels();
        assertEquals(2 * 33 * 65, ch.length);
        FlowState back = FlowState.fromChannels(flow.grid(), ch, s.time(), s.step());
        assertArrayEquals(s.uValues(), back.uValues(), 0.0);
        assertArrayEquals(s.vValues(), back.vValues(), 0.0);
        double[] open = flow.openFaceChannels();
        double[] delta = new double[ch.length];
        for (int k = 0; k < delta.length; k++) {
            delta[k] = 0.01 * open[k];
        }
        FlowState corrected = s.withCorrection(delta);
        assertEquals(s.u(10, 10) + 0.01, corrected.u(10, 10), 1e-15);
        // faces inside the cylinder stay closed
        int ic = 16, jc = 16;
        assertEquals(0.0, corrected.u(ic, jc), 0.0);
        assertEquals(0.0, open[jc * 65 + ic]);
    }

    /** Each face gets exactly its own channel entry added (u at channel 0 (j, i), v at channel 1 (j, i)); padding is ignored; p is kept. */
    @Test
    void correctionAddsEachChannelEntryToItsFace() {
        WakeFlow flow = new WakeFlow(coarse());
        FlowState s = flow.step(flow.initialState());
        int nx = flow.grid().nx(), ny = flow.grid().ny(), w = nx + 1, h = ny + 1;
        java.util.Random rnd = new java.util.Random(21);
        double[] delta = new double[2 * h * w];
        for (int k = 0; k < delta.length; k++) {
            delta[k] = rnd.nextGaussian();
        }
        FlowState c = s.withCorrection(delta);
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i <= nx; i++) {
                assertEquals(s.u(i, j) + delta[j * w + i], c.u(i, j), 0.0);
            }
        }
        for (int j = 0; j <= ny; j++) {
            for (int i = 0; i < nx; i++) {
                assertEquals(s.v(i, j) + delta[h * w + j * w + i], c.v(i, j), 0.0);
            }
        }
        assertArrayEquals(s.pressureValues(), c.pressureValues(), 0.0);
        assertEquals(s.time(), c.time());
        assertEquals(s.step(), c.step());
    }

    @Test
    void downsamplingAveragesFaces() {
        WakeSpec c = coarse();
        WakeFlow fine = new WakeFlow(c.refined(2));
        FlowState f = fine.step(fine.initialState());
        FlowState d = new Downsampler(new WakeFlow(c).mask(), 2).downsample(f);
        assertEquals(0.5 * (f.u(40, 6) + f.u(40, 7)), d.u(20, 3), 1e-15);
        assertEquals(0.5 * (f.v(6, 40) + f.v(7, 40)), d.v(3, 20), 1e-15);
        assertEquals(f.time(), d.time());
    }

    @Test
    void coarseDefaultWakeSheds() {
        WakeFlow flow = new WakeFlow(coarse());
        FlowState s = flow.initialState();
        double min = 0, max = 0;
        for (int k = 1; k <= 400; k++) {
            s = flow.step(s);
            if (k > 250) {
                min = Math.min(min, flow.probeV(s));
                max = Math.max(max, flow.probeV(s));
            }
        }
        System.out.printf("coarse 64x32 wake, Re 150: probe v swings %.3f .. %.3f%n", min, max);
        assertTrue(min < -0.1 && max > 0.1, "the wake must oscillate");
    }

    @Test
    void periodicSidesStayDivergenceFree() {
        WakeFlow flow = new WakeFlow(new WakeSpec(CYLINDER, 64, 32, SideBoundary.PERIODIC, 1.0, 150, 0.02,
                AdvectionScheme.MACCORMACK));
        FlowState s = flow.initialState();
        for (int k = 0; k < 30; k++) {
            s = flow.step(s);
        }
        double div = flow.diagnostics(s).get("maxDivergence");
        System.out.printf("periodic sides, 30 steps: max divergence %.2e%n", div);
        assertTrue(div < 5e-10, "max div " + div);   // measured 4.0e-11
        for (int i = 0; i < 64; i++) {
            assertEquals(s.v(i, 0), s.v(i, 32), 0.0, "periodic seam");
        }
    }

    @Test
    void blowUpNamesStepAndHint() {
        WakeSpec bad = new WakeSpec(CYLINDER, 64, 32, SideBoundary.FREE_SLIP, 1.0, 150, 0.02,
                AdvectionScheme.SEMI_LAGRANGIAN);
        WakeFlow flow = new WakeFlow(bad);
        double[] ch = flow.initialState().toChannels();
        ch[5 * 65 + 30] = Double.NaN;
        FlowState poisoned = FlowState.fromChannels(flow.grid(), ch, 0, 7);
        SimulationDivergedException e = assertThrows(SimulationDivergedException.class, () -> flow.step(poisoned));
        System.out.println(e.getMessage());
        assertEquals(8, e.step());
        assertTrue(e.getMessage().startsWith("step 8: "), e.getMessage());
        assertTrue(e.getMessage().contains("reduce [time] dt"), e.getMessage());
        // detected from the field itself, before the pressure solve sees it
        assertTrue(e.getMessage().contains("velocity became NaN"), e.getMessage());
        double[] infinite = flow.initialState().toChannels();
        infinite[5 * 65 + 30] = Double.POSITIVE_INFINITY;
        e = assertThrows(SimulationDivergedException.class,
                () -> flow.step(FlowState.fromChannels(flow.grid(), infinite, 0, 0)));
        assertTrue(e.getMessage().contains("velocity became"), e.getMessage());
        double[] fast = flow.initialState().toChannels();
        fast[5 * 65 + 30] = 1e4;
        FlowState wild = FlowState.fromChannels(flow.grid(), fast, 0, 0);
        e = assertThrows(SimulationDivergedException.class, () -> flow.step(wild));
        System.out.println(e.getMessage());
        assertTrue(e.getMessage().contains("CFL"), e.getMessage());
    }
}
