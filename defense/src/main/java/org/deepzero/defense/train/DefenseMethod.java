package org.deepzero.defense.train;

import java.util.Locale;

/** How the denoiser in front of the black box is obtained. */
public enum DefenseMethod {
    /** No denoiser: randomized smoothing of F alone (lower bound). */
    NONE("none"),
    /** The denoiser pre-trained on MSE only, never through F. */
    MSE("mse"),
    /** DeepZero-DS: sparse CGE with ZO-GraSP layer ratios through the black box. */
    DEEPZERO("deepzero"),
    /** ZO-AE-DS with RGE over the latent code. */
    ZO_AE("zo-ae"),
    /** ZO-AE-DS with CGE over the latent code (its stronger variant). */
    ZO_AE_CGE("zo-ae-cge"),
    /** FO-DS: true gradients of F (upper bound, white box). */
    FO("fo");

    private final String id;

    DefenseMethod(String id) {
        this.id = id;
    }

    /** The name on the command line and in reports. */
    public String id() {
        return id;
    }

    /** Whether training queries the black box (and so counts queries). */
    public boolean zerothOrder() {
        return this == DEEPZERO || this == ZO_AE || this == ZO_AE_CGE;
    }

    /** Whether the method trains an autoencoder's encoder in front of F (ZO-AE-DS): its results depend on it. */
    public boolean usesAutoencoder() {
        return this == ZO_AE || this == ZO_AE_CGE;
    }

    /** The method named {@code id}. */
    public static DefenseMethod of(String id) {
        for (DefenseMethod m : values()) {
            if (m.id.equals(id.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown defense method '" + id + "'");
    }
}
