package org.deepzero.zo.nn;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Train-mode batch norm on float32 as plain loops over ND4J's native buffer: statistics per group and
 * channel in one pass (sums of the shifted values and of their squares, in double), then one pass that
 * writes {@code (x − m) · γ / sqrt(v + ε) + β}, optionally followed by a ReLU. ND4J's op-by-op version
 * makes about eight passes over the activation and allocates an array for each; this makes two and
 * allocates the output only. Every channel of every group is computed by the same loop in the same
 * order whatever the other channels and groups, so one channel alone, one group alone and a stack of
 * groups give the same numbers bit for bit.
 */
final class FusedBatchNorm {
    private FusedBatchNorm() {
    }

    /** Whether {@link #apply} takes {@code x}: float32, indexable by int. */
    static boolean applies(INDArray x) {
        return x.dataType() == DataType.FLOAT && x.length() < Integer.MAX_VALUE;
    }

    /**
     * @param x      float32 {@code [G·N, C, ...]}
     * @param gamma  γ, {@code C} values shared by all groups or {@code G·C} (group-major)
     * @param beta   β, laid out like {@code gamma}
     * @param groups G
     * @param relu   whether to apply {@code max(·, 0)} to the result
     */
    static INDArray apply(INDArray x, INDArray gamma, INDArray beta, int groups, double epsilon, boolean relu) {
        long[] shape = x.shape();
        int c = (int) shape[1];
        int n = (int) (shape[0] / groups);
        int rest = (int) Shapes.product(shape, 2);
        INDArray in = x.isView() || x.ordering() != 'c' ? x.dup('c') : x;
        float[] g = gamma.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] b = beta.castTo(DataType.FLOAT).dup('c').data().asFloat();
        boolean perGroup = g.length == (long) groups * c;
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        FloatBuffer src = in.data().asNioFloat();
        FloatBuffer dst = out.data().asNioFloat();
        int srcBase = (int) in.offset();
        int dstBase = (int) out.offset();
        float[] row = new float[rest];
        double count = (double) n * rest;
        for (int gr = 0; gr < groups; gr++) {
            for (int ch = 0; ch < c; ch++) {
                // one pass: sums of x − K and (x − K)² with K the channel's first value (shifting keeps
                // the variance accurate), four partial sums so the adds need not wait on each other
                float shiftK = src.get(srcBase + (gr * n * c + ch) * rest);
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                double q0 = 0, q1 = 0, q2 = 0, q3 = 0;
                for (int i = 0; i < n; i++) {
                    src.get(srcBase + ((gr * n + i) * c + ch) * rest, row, 0, rest);
                    int r = 0;
                    for (; r + 3 < rest; r += 4) {
                        double d0 = row[r] - shiftK;
                        double d1 = row[r + 1] - shiftK;
                        double d2 = row[r + 2] - shiftK;
                        double d3 = row[r + 3] - shiftK;
                        s0 += d0;
                        s1 += d1;
                        s2 += d2;
                        s3 += d3;
                        q0 += d0 * d0;
                        q1 += d1 * d1;
                        q2 += d2 * d2;
                        q3 += d3 * d3;
                    }
                    for (; r < rest; r++) {
                        double d0 = row[r] - shiftK;
                        s0 += d0;
                        q0 += d0 * d0;
                    }
                }
                double shifted = ((s0 + s1) + (s2 + s3)) / count;
                double mean = shiftK + shifted;
                double variance = Math.max(0.0, ((q0 + q1) + (q2 + q3)) / count - shifted * shifted);
                int k = perGroup ? gr * c + ch : ch;
                double scale = g[k] / Math.sqrt(variance + epsilon);
                double shift = b[k];
                for (int i = 0; i < n; i++) {
                    int off = ((gr * n + i) * c + ch) * rest;
                    src.get(srcBase + off, row, 0, rest);
                    if (relu) { // Math.max compiles to a branch-free max; a branch on the sign mispredicts
                        for (int r = 0; r < rest; r++) {
                            row[r] = Math.max((float) ((row[r] - mean) * scale + shift), 0f);
                        }
                    } else {
                        for (int r = 0; r < rest; r++) {
                            row[r] = (float) ((row[r] - mean) * scale + shift);
                        }
                    }
                    dst.put(dstBase + off, row, 0, rest);
                }
            }
        }
        return out;
    }
}
