package org.deepzero.solver.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.deepzero.solver.diag.Spectrum;
import org.deepzero.solver.grid.SideBoundary;
import org.deepzero.solver.mesh.Mesh;
import org.deepzero.solver.mesh.Obstacle;
import org.deepzero.solver.ops.AdvectionScheme;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The wake behind a circular cylinder sheds at the Strouhal number of the laminar relation of
 * C. H. K. Williamson, "Defining a universal and continuous Strouhal-Reynolds number relationship
 * for the laminar vortex shedding of a circular cylinder", Phys. Fluids 31, 2742 (1988):
 * {@code St = 0.2175 - 5.1064 / Re} for 49 < Re < 180 (his Eq. for the parallel-shedding mode).
 *
 * <p>Setup: D = 1 resolved by 16 cells, free-slip sides 8 D from the cylinder axis (blockage
 * 1/16, so the frequency is not pushed up as in a confined channel), 3 D of inflow and 10 D of
 * wake, Re = 150, MacCormack advection. Slow (a few minutes on two cores): tagged "slow".
 */
@Tag("slow")
class StrouhalTest {

    @Test
    void sheddingFrequencyMatchesWilliamson() {
        double re = 150, d = 1, u = 1;
        int cellsPerD = 16;
        Mesh mesh = new Mesh(13 * d, 16 * d, List.of(new Obstacle.Circle(3 * d, 8 * d, d / 2)));
        double dt = 0.8 * (d / cellsPerD) / u;   // CFL 0.8
        WakeSpec spec = new WakeSpec(mesh, 13 * cellsPerD, 16 * cellsPerD, SideBoundary.FREE_SLIP, u, re, dt,
                AdvectionScheme.MACCORMACK, 1e-6);
        WakeFlow flow = new WakeFlow(spec);
        FlowState s = flow.initialState();
        double warmup = 60 * d / u, record = 60 * d / u;
        int skip = (int) Math.round(warmup / dt), n = (int) Math.round(record / dt);
        for (int k = 0; k < skip; k++) {
            s = flow.step(s);
        }
        double[] lift = new double[n];
        double[] probe = new double[n];
        for (int k = 0; k < n; k++) {
            s = flow.step(s);
            lift[k] = flow.liftCoefficient(s);
            probe[k] = flow.probeV(s);
        }
        double stLift = Spectrum.strouhal(lift, dt, d, u);
        double stProbe = Spectrum.strouhal(probe, dt, d, u);
        double williamson = 0.2175 - 5.1064 / re;
        double amp = 0;
        for (double c : lift) {
            amp = Math.max(amp, Math.abs(c));
        }
        System.out.printf("Strouhal at Re %.0f, %d cells/D: lift %.4f, probe %.4f; Williamson (1988) %.4f;"
                        + " lift error %.1f%%; max |C_L| %.3f%n",
                re, cellsPerD, stLift, stProbe, williamson, 100 * (stLift / williamson - 1), amp);
        assertEquals(williamson, stLift, 0.10 * williamson, "lift Strouhal number");
        assertEquals(williamson, stProbe, 0.10 * williamson, "probe Strouhal number");
    }
}
