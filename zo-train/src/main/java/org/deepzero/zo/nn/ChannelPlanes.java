package org.deepzero.zo.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Float32 loops on one channel of one sample held as a plane (rows x columns, row-major), for the
 * one-channel paths of coordinate queries ({@link BlockChannelDelta}, {@link ChannelsLastInputDelta}).
 * Each loop runs over whole arrays from index 0 in a method of its own: JDK 17's JIT vectorises only such
 * loops (with an offset into one of the arrays the same loop ran 4x to 8x slower, measured on the
 * batch-norm passes and again here, 5x on a multiply-add of 288 floats).
 */
final class ChannelPlanes {
    private final int columns;
    private final float[] top;
    private final float[] next;

    /** Work rows for planes of {@code columns} columns. */
    ChannelPlanes(int columns) {
        this.columns = columns;
        this.top = new float[columns];
        this.next = new float[columns];
    }

    /** Float32, rank 4, C order with the strides of a dense array (an offset is allowed), int-indexable. */
    static boolean dense(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.rank() == 4 && a.ordering() == 'c'
                && Arrays.equals(a.stride(), Nd4j.getStrides(a.shape(), 'c')) && a.offset() + a.length() < Integer.MAX_VALUE;
    }

    /** {@code a[j] = a[j] − b[j]}. */
    static void subtract(float[] a, float[] b, int length) {
        for (int j = 0; j < length; j++) {
            a[j] = a[j] - b[j];
        }
    }

    /** {@code into[j] = into[j] + a[j] · d}: a cached value plus a scaled change. */
    static void addScaled(float[] a, float d, float[] into, int length) {
        for (int j = 0; j < length; j++) {
            into[j] = into[j] + a[j] * d;
        }
    }

    static void addConstant(float[] a, float c, int length) {
        for (int j = 0; j < length; j++) {
            a[j] = a[j] + c;
        }
    }

    /** {@code max((a − mean) · scale + shift, 0)} in place, as {@link FusedBatchNorm} computes it. */
    static void normaliseRelu(float[] a, float mean, float scale, float shift, int length) {
        for (int j = 0; j < length; j++) {
            a[j] = Math.max((a[j] - mean) * scale + shift, 0f);
        }
    }

    /**
     * {@code to[y, x] = from[y + dy, x + dx]} where that lies inside the {@code h} x {@code wd} plane, else 0:
     * one block copy with the columns that wrapped around from the neighbouring row zeroed afterwards.
     */
    static void shift(float[] from, float[] to, int h, int wd, int dy, int dx) {
        int offset = dy * wd + dx;
        int first = Math.max(Math.max(0, -dy) * wd, -offset);
        int end = Math.min(Math.min(h, h - dy) * wd, h * wd - offset);
        Arrays.fill(to, 0f);
        if (first >= end) {
            return;
        }
        System.arraycopy(from, first + offset, to, first, end - first);
        int x0 = dx > 0 ? wd - dx : 0;
        int x1 = dx > 0 ? wd : -dx;
        for (int row = 0; row < h; row++) {
            for (int col = x0; col < x1; col++) {
                to[row * wd + col] = 0f;
            }
        }
    }

    /**
     * p x p max-pooling (stride p, the last rows and columns that fill no window dropped) of {@code plane}
     * into {@code out} ({@code rows/p} x {@code columns/p}); p = 1 copies. The rows of a window are
     * maxed as whole rows first, then the columns of the result.
     */
    void maxPool(float[] plane, int rows, int p, float[] out) {
        int ow = columns / p;
        if (p == 1) {
            System.arraycopy(plane, 0, out, 0, rows * columns);
            return;
        }
        for (int oy = 0; oy < rows / p; oy++) {
            System.arraycopy(plane, oy * p * columns, top, 0, columns);
            for (int dy = 1; dy < p; dy++) {
                System.arraycopy(plane, (oy * p + dy) * columns, next, 0, columns);
                maxInto(top, next, columns);
            }
            for (int ox = 0; ox < ow; ox++) {
                float m = top[ox * p];
                for (int dx = 1; dx < p; dx++) {
                    m = Math.max(m, top[ox * p + dx]);
                }
                out[oy * ow + ox] = m;
            }
        }
    }

    private static void maxInto(float[] a, float[] b, int length) {
        for (int j = 0; j < length; j++) {
            a[j] = Math.max(a[j], b[j]);
        }
    }
}
