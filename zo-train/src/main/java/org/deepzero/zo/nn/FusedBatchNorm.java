package org.deepzero.zo.nn;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Train-mode batch norm on float32 as plain loops over ND4J's native buffer: statistics per group and
 * channel in one pass, then one pass that writes {@code (x − m) · γ / sqrt(v + ε) + β}, optionally followed
 * by a ReLU. ND4J's op-by-op version makes about eight passes over the activation and allocates an array
 * for each; this makes two and allocates the output only.
 * <p>
 * The statistics are summed in one fixed order, the <em>column order</em>, which every batch-norm path
 * follows (this class on NCHW arrays, {@link ConvBlocks} on channels-last ones), so that all of them give
 * the same numbers bit for bit: per group and channel, with K the channel's first value in the group,
 * the shifted values {@code d = x − K} (shifting keeps the variance accurate) and {@code d²} are added in
 * double into one total per column (last axis), samples in order and rows in order; the column totals
 * are then added in column order. Every channel of every group is computed by the same loop in the same
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
        int columns = shape.length > 2 ? (int) shape[shape.length - 1] : 1;
        int rows = rest / columns;
        INDArray in = x.isView() || x.ordering() != 'c' ? x.dup('c') : x;
        float[] g = gamma.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] b = beta.castTo(DataType.FLOAT).dup('c').data().asFloat();
        boolean perGroup = g.length == (long) groups * c;
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape);
        FloatBuffer src = in.data().asNioFloat();
        FloatBuffer dst = out.data().asNioFloat();
        int srcBase = (int) in.offset();
        int dstBase = (int) out.offset();
        float[] plane = new float[rest];
        double[] sums = new double[columns];
        double[] squares = new double[columns];
        double count = (double) n * rest;
        for (int gr = 0; gr < groups; gr++) {
            for (int ch = 0; ch < c; ch++) {
                double k = src.get(srcBase + (gr * n * c + ch) * rest);
                Arrays.fill(sums, 0.0);
                Arrays.fill(squares, 0.0);
                for (int i = 0; i < n; i++) {
                    src.get(srcBase + ((gr * n + i) * c + ch) * rest, plane, 0, rest);
                    for (int y = 0; y < rows; y++) {
                        int o = y * columns;
                        for (int col = 0; col < columns; col++) {
                            double d = plane[o + col] - k;
                            sums[col] += d;
                            squares[col] += d * d;
                        }
                    }
                }
                int p = perGroup ? gr * c + ch : ch;
                ChannelAffine a = ChannelAffine.of(sums, squares, 0, 1, columns, k, count, g[p], b[p], epsilon);
                double mean = a.mean();
                double scale = a.scale();
                double shift = a.shift();
                for (int i = 0; i < n; i++) {
                    int off = ((gr * n + i) * c + ch) * rest;
                    src.get(srcBase + off, plane, 0, rest);
                    if (relu) { // Math.max compiles to a branch-free max; a branch on the sign mispredicts
                        for (int r = 0; r < rest; r++) {
                            plane[r] = Math.max((float) ((plane[r] - mean) * scale + shift), 0f);
                        }
                    } else {
                        for (int r = 0; r < rest; r++) {
                            plane[r] = (float) ((plane[r] - mean) * scale + shift);
                        }
                    }
                    dst.put(dstBase + off, plane, 0, rest);
                }
            }
        }
        return out;
    }

    /**
     * The normalisation of one group and channel, {@code y = (x − mean) · scale + shift} in double, from
     * the column totals of the column order (see the class comment).
     */
    record ChannelAffine(double mean, double scale, double shift) {
        /**
         * @param sums    column totals of {@code x − k}; column j at {@code from + j·stride}
         * @param squares column totals of {@code (x − k)²}, laid out like {@code sums}
         * @param k       the shift, the channel's first value in the group
         * @param count   values per group and channel
         */
        static ChannelAffine of(double[] sums, double[] squares, int from, int stride, int columns, double k,
                double count, float gamma, float beta, double epsilon) {
            double s = 0;
            double q = 0;
            for (int j = 0; j < columns; j++) {
                s += sums[from + j * stride];
                q += squares[from + j * stride];
            }
            double shifted = s / count;
            double mean = k + shifted;
            double variance = Math.max(0.0, q / count - shifted * shifted);
            return new ChannelAffine(mean, gamma / Math.sqrt(variance + epsilon), beta);
        }
    }
}
