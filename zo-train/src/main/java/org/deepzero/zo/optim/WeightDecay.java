package org.deepzero.zo.optim;

/** How weight decay λ enters an update. */
public enum WeightDecay {
    /**
     * L2 regularisation, PyTorch's {@code weight_decay}: {@code λ θ} is added to the gradient before
     * momentum or moment estimates see it.
     */
    L2,
    /**
     * Decoupled weight decay (Loshchilov and Hutter, "Decoupled Weight Decay Regularization", ICLR 2019;
     * PyTorch's {@code AdamW}): {@code θ <- θ (1 - η λ)} before the gradient step, bypassing momentum.
     */
    DECOUPLED
}
