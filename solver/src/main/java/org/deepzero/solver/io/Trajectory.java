package org.deepzero.solver.io;

import java.util.List;
import org.deepzero.solver.flow.FlowState;
import org.deepzero.solver.grid.StaggeredGrid;

/**
 * A sequence of coarse frames with its metadata, as stored in an HDF5 trajectory file.
 *
 * @param meta   attributes
 * @param frames states on the grid {@code meta.nx x meta.ny}
 */
public record Trajectory(TrajectoryMeta meta, List<FlowState> frames) {

    /** Copies the frame list. */
    public Trajectory {
        frames = List.copyOf(frames);
    }

    /** @return the grid of the frames */
    public StaggeredGrid grid() {
        return new StaggeredGrid(meta.nx(), meta.ny(), meta.width(), meta.height());
    }
}
