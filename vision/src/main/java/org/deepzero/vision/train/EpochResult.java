package org.deepzero.vision.train;

/**
 * Test metrics after one epoch.
 *
 * @param epoch          1-based epoch
 * @param testAccuracy   percent correct on the test images
 * @param testLoss       mean cross-entropy on the test images
 * @param trainSeconds   wall time of the epoch's training steps (evaluation excluded; for the first
 *                       epoch after a resume, only the part run in this session)
 */
public record EpochResult(int epoch, double testAccuracy, double testLoss, double trainSeconds) {
}
