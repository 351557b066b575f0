/**
 * What a zeroth-order trainer optimises. {@link org.deepzero.zo.objective.Objective} is the black box;
 * {@link org.deepzero.zo.objective.StagedObjective} is the loss of a staged network on a fixed mini-batch
 * and evaluates query batches with feature reuse, linear-stage deltas and batched tails, each switched
 * by {@link org.deepzero.zo.objective.QueryOptions}:
 * <pre>{@code
 * StagedObjective f = new StagedObjective(model, images, new CrossEntropyLoss(labels, 10), QueryOptions.all(16));
 * GradientEstimator.Estimate e = Cge.deepZeroDefaults().estimate(f, theta, executor, random);
 * }</pre>
 * Objectives that wrap a network inside other software (a PDE rollout) implement {@code Objective}
 * directly and call the model's forward methods.
 */
package org.deepzero.zo.objective;
