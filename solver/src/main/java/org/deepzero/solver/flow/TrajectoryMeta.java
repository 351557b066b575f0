package org.deepzero.solver.flow;

/**
 * The attributes that make a wake-flow trajectory file self-describing ({@link WakeTrajectoryWriter}).
 *
 * @param nx            grid cells along x of the stored frames
 * @param ny            grid cells along y
 * @param width         domain length along x
 * @param height        domain length along y
 * @param inflowSpeed   U
 * @param reynolds      Re = U D / nu
 * @param dt            time between consecutive coarse steps
 * @param factor        refinement of the grid that produced the frames (1 = the coarse solver itself)
 * @param firstStep     coarse step index of frame 0
 * @param stride        coarse steps between frames
 * @param solverVersion the code that produced the file
 * @param caseHash      hash of the case (settings and mesh)
 */
public record TrajectoryMeta(int nx, int ny, double width, double height, double inflowSpeed, double reynolds,
                             double dt, int factor, long firstStep, int stride, String solverVersion,
                             String caseHash) {
}
