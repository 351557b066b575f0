package org.deepzero.solver.pde;

import org.deepzero.solver.Pde;

/**
 * What the coupling code needs of one coarse solver besides stepping it: the state as network
 * channels and back, which channel entries are real unknowns (the open-cell/face mask), and a
 * scalar picture of a state for reports. The channel layout is the PDE's choice (the wake flow packs
 * u on x-faces and v on y-faces into two zero-padded {@code (ny+1) x (nx+1)} planes); the error
 * metric of coupling is the mean over open entries of this layout.
 *
 * <p>Every solver of one case (one per {@link CaseParameters}) has the same layout and mask.
 *
 * @param <S> the state type; immutable
 */
public interface CoupledPde<S> extends Pde<S> {

    /** @return {@code {channels, height, width}} of {@link #toChannels} */
    int[] channelShape();

    /**
     * @param state a state
     * @return its unknowns in the channel layout, {@code channels * height * width}, row-major (a new array)
     */
    double[] toChannels(S state);

    /**
     * @param state      a state
     * @param correction an increment in the channel layout (zero off the mask)
     * @return {@code state + correction}, all else (time, step, pressure) kept
     */
    S withCorrection(S state, double[] correction);

    /** @return 1 on channel entries that are unknowns, 0 on solid cells/faces and padding */
    double[] openChannels();

    /** @return name of the report picture, e.g. {@code vorticity} */
    String pictureName();

    /** @return {@code {width, height}} of {@link #picture} */
    int[] pictureShape();

    /**
     * @param state a state
     * @return a scalar field for images, {@code height x width} row-major, 0 where masked
     */
    double[] picture(S state);

    /** @return cells drawn as solid in pictures, {@code height x width} row-major */
    boolean[] pictureMask();

    /**
     * Scalar signals of a state that a rollout records at every step for {@link #physics} (the wake:
     * the probe's v and the lift coefficient); none by default. Cheap: called once per step.
     *
     * @param state a state
     * @return the signals, always the same count
     */
    default double[] signals(S state) {
        return new double[0];
    }

    /**
     * The physics of one rollout that the report compares between methods and the reference, from
     * the signals it recorded (the wake: Strouhal number and lift amplitude; Burgers: its kinetic
     * energy spectrum in bands); none by default. A value is NaN where the record cannot give it.
     *
     * @param signals {@code signals[k]}: {@link #signals} after step k+1
     * @return name to value, in report order (the same names for every rollout of a case)
     */
    default java.util.Map<String, Double> physics(double[][] signals) {
        return java.util.Map.of();
    }
}
