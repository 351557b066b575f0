package org.deepzero.solver.flow;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deepzero.solver.grid.SideBoundary;
import org.deepzero.solver.grid.StaggeredGrid;
import org.deepzero.solver.mesh.Mesh;
import org.deepzero.solver.mesh.Obstacle;
import org.deepzero.solver.ops.AdvectionScheme;
import org.deepzero.solver.ops.Divergence;
import org.junit.jupiter.api.Test;

/** After projection the discrete divergence is at the solver tolerance in every fluid cell. */
class ProjectionDivergenceTest {

    @Test
    void divergenceIsAtToleranceEverywhereIncludingNextToObstacles() {
        Mesh mesh = new Mesh(2, 1, List.of(new Obstacle.Circle(0.5, 0.5, 0.0625),
                new Obstacle.Rectangle(1.2, 0.3, 1.3, 0.45)));
        double tol = 1e-8;
        WakeFlow flow = new WakeFlow(new WakeSpec(mesh, 64, 32, SideBoundary.FREE_SLIP, 1.0, 150, 0.02,
                AdvectionScheme.MACCORMACK, tol));
        FlowState s = flow.initialState();
        for (int k = 0; k < 40; k++) {
            s = flow.step(s);
        }
        StaggeredGrid g = flow.grid();
        double[] div = Divergence.of(flow.mask(), s.velocity());
        double h = g.minSpacing(), all = 0, nearBody = 0;
        int nearCells = 0;
        for (int j = 0; j < g.ny(); j++) {
            for (int i = 0; i < g.nx(); i++) {
                int c = g.cell(i, j);
                if (flow.mask().isSolid(c)) {
                    continue;
                }
                double d = Math.abs(div[c]) * h / 1.0;
                all = Math.max(all, d);
                boolean touches = (i > 0 && flow.mask().isSolid(g.cell(i - 1, j)))
                        || (i < g.nx() - 1 && flow.mask().isSolid(g.cell(i + 1, j)))
                        || (j > 0 && flow.mask().isSolid(g.cell(i, j - 1)))
                        || (j < g.ny() - 1 && flow.mask().isSolid(g.cell(i, j + 1)));
                if (touches) {
                    nearBody = Math.max(nearBody, d);
                    nearCells++;
                }
            }
        }
        System.out.printf("max |div| h / U after projection: %.2e over all fluid cells, %.2e over the %d cells"
                + " next to obstacles (Poisson relative tolerance %.0e)%n", all, nearBody, nearCells, tol);
        assertTrue(nearCells > 10);
        // ||r||_2 <= tol ||b||_2 bounds max |r| by tol ||b||_2; the iteration overshoots the tolerance:
        // measured 2.3e-11 everywhere and next to the obstacles, so 10x that is the limit
        assertTrue(all < 3e-10, "max div " + all);
        assertTrue(nearBody < 3e-10, "max div near obstacles " + nearBody);
    }
}
