/**
 * First-order reference gradients of staged models by reverse-mode autodiff (ND4J SameDiff), for tests and
 * for first-order baselines.
 */
package org.deepzero.zo.autodiff;
