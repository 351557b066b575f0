package org.deepzero.solver.flow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.deepzero.solver.io.InputException;
import org.deepzero.solver.io.Trajectory;
import org.deepzero.solver.mesh.Mesh;
import org.deepzero.solver.pde.TrajectoryId;

/**
 * What {@code deepzero check} says of a wake case: the numbers that decide whether it is sensible
 * (grid, blockage, cells per diameter, CFL number) and the state of each cached reference. Reads only.
 */
final class WakeCaseCheck {
    private WakeCaseCheck() {
    }

    /**
     * @param flow         the case
     * @param trajectories the references the case needs
     * @return the lines, in order
     */
    static List<String> lines(FlowCase flow, Collection<TrajectoryId> trajectories) {
        Mesh mesh = flow.mesh();
        double dx = mesh.width() / flow.nx();
        double dy = mesh.height() / flow.ny();
        double d = mesh.referenceLength();
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "grid %d x %d cells of %.4g x %.4g; reference %d x %d (factor %d)",
                flow.nx(), flow.ny(), dx, dy, flow.nx() * flow.factor(), flow.ny() * flow.factor(), flow.factor()));
        out.add(String.format(Locale.ROOT, "mesh %s: domain %.4g x %.4g, %d obstacle(s), blockage %.1f%%, %.1f cells"
                + " per diameter", flow.meshFile(), mesh.width(), mesh.height(), mesh.obstacles().size(),
                100 * d / mesh.height(), d / Math.min(dx, dy)));
        out.add(String.format(Locale.ROOT, "CFL of the inflow U dt / h = %.3f (dt %.4g)",
                flow.inflowSpeed() * flow.dt() / Math.min(dx, dy), flow.dt()));
        for (TrajectoryId id : trajectories) {
            double re = id.parameters().get(WakeFlowCase.REYNOLDS);
            out.add("Re " + re + (id.trajectory() == 0 ? "" : " #" + id.trajectory()) + ": "
                    + reference(flow, re, id.trajectory()));
        }
        return out;
    }

    /**
     * The state of the cached reference: what {@code reference}/{@code train} would do with it. Reads
     * only (a reference in the older single-file layout is read, not indexed, here).
     */
    private static String reference(FlowCase flow, double re, int trajectory) {
        Path file = WakeReferences.file(flow, re, trajectory);
        if (!Files.isRegularFile(file)) {
            file = WakeReferences.singleFile(file);
        }
        if (!Files.isRegularFile(file)) {
            return "no cached reference (" + WakeReferences.file(flow, re, trajectory) + " will be made)";
        }
        try {
            Trajectory<TrajectoryMeta, FlowState> t = WakeTrajectoryReader.read(file);
            // the criteria of WakeReferences.isCached, which decides whether to remake it
            boolean current = WakeReferences.isCurrent(flow, re, t.meta(), t.frames().size());
            return (current ? "cached reference " : "stale reference (will be remade) ") + file;
        } catch (InputException e) {
            return "damaged reference (will be remade): " + e.getMessage();
        }
    }
}
