/**
 * Networks on ND4J as chains of stages, for zeroth-order training.
 * <p>
 * A {@link org.deepzero.zo.nn.StagedModel} holds no parameters: every forward takes θ, a flat vector in
 * the order of {@link org.deepzero.zo.nn.StagedModel#space()}, where each segment records the stage that
 * owns it. Typical use:
 * <pre>{@code
 * StagedModel corrector = StagedModels.convNet(2, "conv5x5:8,relu,conv5x5:8,relu,conv5x5:2");
 * double[] theta = corrector.initialParameters(seed);
 * INDArray y = corrector.forward(theta, x);                        // x: [N, 2, H, W], any H, W
 * float[] out = corrector.forward(theta, xFlat, n, 2, h, w);       // same on flat float arrays
 * Weights w = corrector.weights(theta);                             // materialise once, reuse
 * INDArray y2 = corrector.forward(w, x, 1);
 * }</pre>
 * Layers compute in the model's data type (FLOAT by default, {@code withDataType(DOUBLE)} for checks) and
 * define the same operation in SameDiff for {@link org.deepzero.zo.autodiff.AutodiffGradient}.
 * Batch norm uses the statistics of the mini-batch in hand (train mode, used for training and every query),
 * or in eval mode population statistics estimated at a given θ (see {@link org.deepzero.zo.nn.BatchNorm},
 * {@link org.deepzero.zo.nn.BatchNormStatistics} and {@link org.deepzero.zo.nn.StagedModel#inEvalMode}).
 */
package org.deepzero.zo.nn;
