package org.deepzero.zo.estimate;

/** Finite-difference scheme of a coordinate-wise estimator. */
public enum Difference {
    /** {@code (f(θ + μ e_i) − f(θ)) / μ}: one query per coordinate, error O(μ). DeepZero's default. */
    FORWARD,
    /** {@code (f(θ + μ e_i) − f(θ − μ e_i)) / (2μ)}: two queries per coordinate, error O(μ²). */
    CENTRAL
}
