package org.deepzero.vision.train;

/** How the gradient of a training step is obtained. */
public enum Method {
    /** First order: the exact gradient by automatic differentiation (the baseline). */
    FO,
    /** Coordinate-wise gradient estimation by forward differences; sparse when a sparsity is set. */
    CGE,
    /** Randomised gradient estimation with q random directions. */
    RGE;

    /** Whether the gradient comes from function values only. */
    public boolean zerothOrder() {
        return this != FO;
    }
}
