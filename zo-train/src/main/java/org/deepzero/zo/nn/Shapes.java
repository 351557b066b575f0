package org.deepzero.zo.nn;

import java.util.Arrays;

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
}
