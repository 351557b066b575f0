package org.deepzero.solver.io;

import java.util.List;

/**
 * A sequence of frames with its metadata, as read from a trajectory file ({@link TrajectoryReader}).
 *
 * @param meta   the PDE's attributes of the trajectory
 * @param frames the states, in order
 * @param <M>    the metadata type
 * @param <S>    the state type
 */
public record Trajectory<M, S>(M meta, List<S> frames) {

    /** Copies the frame list. */
    public Trajectory {
        frames = List.copyOf(frames);
    }
}
