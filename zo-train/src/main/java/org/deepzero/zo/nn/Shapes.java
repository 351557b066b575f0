package org.deepzero.zo.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Small helpers on shapes. */
final class Shapes {
    private Shapes() {
    }

    static long product(long[] shape, int from) {
        long p = 1;
        for (int i = from; i < shape.length; i++) {
            p *= shape[i];
        }
        return p;
    }

    static void requireRank(String layer, long[] in, int rank) {
        if (in.length != rank) {
            throw new IllegalArgumentException(layer + ": expected an input of rank " + rank + ", got shape "
                    + Arrays.toString(in));
        }
    }

    static void requireChannels(String layer, long[] in, long channels) {
        if (in.length < 2 || in[1] != channels) {
            throw new IllegalArgumentException(layer + ": expected " + channels + " input channels, got shape "
                    + Arrays.toString(in));
        }
    }

    /** View of samples {@code [from, to)} of {@code x} (batch dimension first). */
    static INDArray batchSlice(INDArray x, long from, long to) {
        INDArrayIndex[] idx = new INDArrayIndex[x.rank()];
        idx[0] = NDArrayIndex.interval(from, to);
        for (int k = 1; k < idx.length; k++) {
            idx[k] = NDArrayIndex.all();
        }
        return x.get(idx);
    }
}
