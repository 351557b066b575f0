package org.deepzero.vision.train;

/** Where the layer-wise sparsity ratios of sparse CGE come from. */
public enum Pruning {
    /** ZO-GraSP scores at initialisation on a class-balanced mini-batch (DeepZero's choice). */
    ZO_GRASP,
    /** ZO-GraSP with CGE gradients (2d + 2 queries): layer ratios close to first-order GraSP's; opt-in. */
    ZO_GRASP_CGE,
    /** Random scores: every layer gets about the global sparsity. */
    RANDOM
}
