package org.deepzero.defense.report;

import java.util.List;
import org.deepzero.defense.certify.ImageCertificate;

/**
 * One method's certification, with what its training cost.
 *
 * @param method          the method id
 * @param certificates    one per test image
 * @param trainQueries    black-box queries (images) spent in training, pre-training and ZO-GraSP included
 * @param trainSeconds    wall time of training in this session (0 when a finished run was reused)
 * @param trainSteps      fine-tuning steps
 * @param certifySeconds  wall time of certification
 */
public record MethodResult(String method, List<ImageCertificate> certificates, long trainQueries, double trainSeconds,
                           int trainSteps, double certifySeconds) {
    public MethodResult {
        certificates = List.copyOf(certificates);
    }
}
