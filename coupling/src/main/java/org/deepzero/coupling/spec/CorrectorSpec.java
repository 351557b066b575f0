package org.deepzero.coupling.spec;

import java.util.Objects;

/**
 * The corrector network of a case ({@code [corrector]}).
 *
 * @param layers layer list in zo-train's compact syntax, e.g.
 *               {@code conv5x5:8,lrelu,conv5x5:8,lrelu,conv5x5:2}; the input has three
 *               channels (u, v, Reynolds number) and the last layer must give two (the u and v correction)
 * @param seed   seed of the initial weights
 */
public record CorrectorSpec(String layers, long seed) {
    public CorrectorSpec {
        Objects.requireNonNull(layers, "layers");
    }
}
