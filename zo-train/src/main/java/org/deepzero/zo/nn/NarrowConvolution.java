package org.deepzero.zo.nn;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A stride-1 "same" convolution with few output channels (a PDE corrector's last layer, 8 → 2) as plain
 * Java loops, from a channels-last input to an NCHW output, with the activation before it applied on
 * the way in.
 * <p>
 * Why: oneDNN's float32 kernels compute output channels in blocks of 16 (AVX-512), so a 2-channel
 * output costs as much as a 16-channel one (measured: the corrector's 8 → 2 convolution took as long as
 * its 8 → 8 one). Here the work is that of the outputs asked for.
 * <p>
 * The order of the sums is oneDNN's: each output starts from 0, adds the products of the taps in
 * row-major order (ky, kx) and, within a tap, of the input channels in order, each product with one
 * rounding ({@link Math#fma}), and adds the bias last. oneDNN's direct channels-last kernel on the
 * corrector's shapes (brgconv, AVX-512) sums in exactly this order: measured equal bit for bit on the
 * 5x5 shapes 8 → 2, 8 → 4, 3 → 8 and 8 → 8. Taps outside the image read zero padding, which adds ±0
 * and leaves every sum unchanged, as oneDNN's skipped taps do.
 * <p>
 * The input is copied to zero-padded planes once; the outputs are computed in blocks of rows (kept in
 * the L1 cache) by loops the JIT vectorises: a tap's shifted input rows are first copied to arrays of
 * their own (JDK 17 vectorises a loop only when every array is read at the loop index, not at an
 * offset), then each pair of output planes takes four input channels per pass. Working arrays are per
 * thread and reused.
 */
final class NarrowConvolution {
    /** Output channels up to which this kernel beats oneDNN's (measured on the corrector: 2 yes, 8 no). */
    static final int MAX_OUTPUT_CHANNELS = 2;

    private static final ThreadLocal<Workspace> WORKSPACE = new ThreadLocal<>();

    private NarrowConvolution() {
    }

    /** Whether {@code conv} is one this kernel computes. */
    static boolean takes(Conv2d conv) {
        return conv.stride() == 1 && conv.outChannels() <= MAX_OUTPUT_CHANNELS;
    }

    /**
     * {@code conv(activation(x))}.
     *
     * @param x          channels-last {@code [N, H, W, Cin]} float32, C order
     * @param activation the activation to apply to x first, or null
     * @return a fresh NCHW {@code [N, Cout, H, W]} array
     */
    static INDArray forward(INDArray x, Activation activation, Conv2d conv, Weights w) {
        int n = (int) x.size(0);
        int h = (int) x.size(1);
        int wd = (int) x.size(2);
        int cin = (int) x.size(3);
        int cout = conv.outChannels();
        int k = conv.kernel();
        int p = (k - 1) / 2;
        int pw = wd + 2 * p;
        float[] weight = w.get(conv.name() + ".weight").castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] bias = w.get(conv.name() + ".bias").castTo(DataType.FLOAT).dup('c').data().asFloat();
        Workspace ws = Workspace.of(cin, cout, h, wd, k);
        FloatBuffer src = x.data().asNioFloat();
        INDArray y = Nd4j.createUninitialized(DataType.FLOAT, n, cout, h, wd);
        FloatBuffer dst = y.data().asNioFloat();
        int sampleLength = h * wd * cin;
        for (int s = 0; s < n; s++) {
            src.get((int) x.offset() + s * sampleLength, ws.sample, 0, sampleLength);
            if (activation != null) {
                activate(ws.sample, (float) activation.slope(), sampleLength);
            }
            toPlanes(ws.sample, ws.planes, h, wd, cin, pw, p);
            // output rows in blocks, so that a block's shifted inputs and sums stay in the L1 cache
            for (int r0 = 0; r0 < h; r0 += BLOCK_ROWS) {
                int rows = Math.min(BLOCK_ROWS, h - r0);
                int length = rows * pw; // outputs on the padded width; the last 2p columns are never read back
                for (float[] a : ws.acc) {
                    Arrays.fill(a, 0, length, 0f);
                }
                for (int ky = 0; ky < k; ky++) {
                    for (int kx = 0; kx < k; kx++) {
                        int from = (r0 + ky) * pw + kx;
                        for (int c = 0; c < cin; c++) {
                            System.arraycopy(ws.planes[c], from, ws.shifted[c], 0, length);
                        }
                        int tap = ky * k + kx;
                        int o = 0;
                        for (; o + 2 <= cout; o += 2) {
                            tapPair(ws.acc[o], ws.acc[o + 1], ws.shifted, weight, (o * cin) * k * k + tap,
                                    ((o + 1) * cin) * k * k + tap, k * k, cin, length);
                        }
                        if (o < cout) {
                            tapOne(ws.acc[o], ws.shifted, weight, (o * cin) * k * k + tap, k * k, cin, length);
                        }
                    }
                }
                for (int o = 0; o < cout; o++) {
                    float[] a = ws.acc[o];
                    for (int row = 0; row < rows; row++) {
                        for (int col = 0; col < wd; col++) {
                            ws.row[col] = a[row * pw + col] + bias[o];
                        }
                        dst.put((int) y.offset() + ((s * cout + o) * h + r0 + row) * wd, ws.row, 0, wd);
                    }
                }
            }
        }
        return y;
    }

    /** Output rows per block (8 rows of a 65-wide image: 2.2 KB per plane). */
    private static final int BLOCK_ROWS = 8;

    /**
     * ND4J's LeakyReLU {@code x < 0 ? x·α : x} with α rounded to float32, as {@code max(x, x·α)} (equal for
     * 0 < α < 1, and a whole-array loop the JIT vectorises); for ReLU (α = 0) it gives −0 where ND4J may
     * give +0, a zero of either sign adding nothing to the sums.
     */
    private static void activate(float[] a, float slope, int length) {
        for (int j = 0; j < length; j++) {
            a[j] = Math.max(a[j], a[j] * slope);
        }
    }

    /** Channels-last sample to zero-padded planes (the padding is never written, so it stays 0). */
    private static void toPlanes(float[] sample, float[][] planes, int h, int wd, int cin, int pw, int p) {
        for (int c = 0; c < cin; c++) {
            float[] plane = planes[c];
            for (int row = 0; row < h; row++) {
                int from = row * wd * cin + c;
                int to = (row + p) * pw + p;
                for (int col = 0; col < wd; col++) {
                    plane[to + col] = sample[from + col * cin];
                }
            }
        }
    }

    /** One tap into two outputs, channels in order, four per pass. */
    private static void tapPair(float[] a0, float[] a1, float[][] t, float[] weight, int w0, int w1, int stride,
                                int cin, int length) {
        int c = 0;
        for (; c + 4 <= cin; c += 4) {
            fma4x2(a0, a1, t[c], t[c + 1], t[c + 2], t[c + 3],
                    weight[w0 + c * stride], weight[w0 + (c + 1) * stride], weight[w0 + (c + 2) * stride],
                    weight[w0 + (c + 3) * stride], weight[w1 + c * stride], weight[w1 + (c + 1) * stride],
                    weight[w1 + (c + 2) * stride], weight[w1 + (c + 3) * stride], length);
        }
        for (; c < cin; c++) {
            fma1x2(a0, a1, t[c], weight[w0 + c * stride], weight[w1 + c * stride], length);
        }
    }

    /** One tap into one output, channels in order, four per pass. */
    private static void tapOne(float[] a, float[][] t, float[] weight, int w0, int stride, int cin, int length) {
        int c = 0;
        for (; c + 4 <= cin; c += 4) {
            fma4(a, t[c], t[c + 1], t[c + 2], t[c + 3], weight[w0 + c * stride], weight[w0 + (c + 1) * stride],
                    weight[w0 + (c + 2) * stride], weight[w0 + (c + 3) * stride], length);
        }
        for (; c < cin; c++) {
            fma1(a, t[c], weight[w0 + c * stride], length);
        }
    }

    // whole-array loops from index 0, one method each: the shapes JDK 17's JIT vectorises

    private static void fma4x2(float[] a0, float[] a1, float[] t0, float[] t1, float[] t2, float[] t3,
                               float u0, float u1, float u2, float u3, float v0, float v1, float v2, float v3,
                               int length) {
        for (int j = 0; j < length; j++) {
            float x0 = t0[j];
            float x1 = t1[j];
            float x2 = t2[j];
            float x3 = t3[j];
            a0[j] = Math.fma(x3, u3, Math.fma(x2, u2, Math.fma(x1, u1, Math.fma(x0, u0, a0[j]))));
            a1[j] = Math.fma(x3, v3, Math.fma(x2, v2, Math.fma(x1, v1, Math.fma(x0, v0, a1[j]))));
        }
    }

    private static void fma1x2(float[] a0, float[] a1, float[] t0, float u0, float v0, int length) {
        for (int j = 0; j < length; j++) {
            float x0 = t0[j];
            a0[j] = Math.fma(x0, u0, a0[j]);
            a1[j] = Math.fma(x0, v0, a1[j]);
        }
    }

    private static void fma4(float[] a, float[] t0, float[] t1, float[] t2, float[] t3,
                             float u0, float u1, float u2, float u3, int length) {
        for (int j = 0; j < length; j++) {
            a[j] = Math.fma(t3[j], u3, Math.fma(t2[j], u2, Math.fma(t1[j], u1, Math.fma(t0[j], u0, a[j]))));
        }
    }

    private static void fma1(float[] a, float[] t0, float u0, int length) {
        for (int j = 0; j < length; j++) {
            a[j] = Math.fma(t0[j], u0, a[j]);
        }
    }

    /** Per-thread working arrays for one geometry; the planes' padding is never written, so it stays 0. */
    private record Workspace(int cin, int cout, int h, int wd, int k, float[] sample, float[][] planes,
                             float[][] shifted, float[][] acc, float[] row) {
        static Workspace of(int cin, int cout, int h, int wd, int k) {
            Workspace ws = WORKSPACE.get();
            if (ws == null || ws.cin != cin || ws.cout != cout || ws.h != h || ws.wd != wd || ws.k != k) {
                int p = (k - 1) / 2;
                int pw = wd + 2 * p;
                int length = Math.min(BLOCK_ROWS, h) * pw;
                ws = new Workspace(cin, cout, h, wd, k, new float[h * wd * cin], new float[cin][(h + 2 * p) * pw + 2 * p],
                        new float[cin][length], new float[cout][length], new float[wd]);
                WORKSPACE.set(ws);
            }
            return ws;
        }
    }
}
