package org.deepzero.vision.train;

/** Where the layer-wise sparsity ratios of sparse CGE come from. */
public enum Pruning {
    /** ZO-GraSP scores at initialisation on a class-balanced mini-batch (DeepZero's choice). */
    ZO_GRASP,
    /** Random scores: every layer gets about the global sparsity. */
    RANDOM
}
