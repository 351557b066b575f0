package org.deepzero.solver.ops;

/**
 * What one Poisson solve took.
 *
 * @param iterations       preconditioned CG iterations (= multigrid V-cycles)
 * @param relativeResidual final ||b - A x|| / ||b|| (0 when b was zero)
 */
public record PoissonStats(int iterations, double relativeResidual) {
}
