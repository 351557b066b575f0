package org.deepzero.solver.ops;

/** How velocity is carried along by itself. */
public enum AdvectionScheme {
    /** Semi-Lagrangian: trace each face back along the flow (RK2) and interpolate bilinearly. First order, very stable. */
    SEMI_LAGRANGIAN,
    /**
     * MacCormack on top of semi-Lagrangian (Selle et al., J. Sci. Comput. 35, 2008): one forward and
     * one backward trace estimate the error, which is subtracted; the result is clamped to the
     * values of the forward stencil so no new extrema appear. Second order in smooth regions.
     */
    MACCORMACK
}
