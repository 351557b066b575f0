package org.deepzero.zo.cluster;

import org.deepzero.zo.nn.TestNets;
import org.nd4j.linalg.api.buffer.DataType;

/** The parameters the cluster tests query at. */
final class TestNets0 {
    private TestNets0() {
    }

    static double[] theta() {
        return TestNets.small(DataType.DOUBLE).initialParameters(11);
    }
}
