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
 * the shifted values {@code d = x − K} (shifting keeps the variance accurate) and {@code d²} of one
 * sample are summed per column (last axis) over the rows in float32, these per-sample column sums are
 * added per column into double, samples in order, and the column totals are added in column order. The
 * normalisation is {@code (x − m) · s + β} in float32 with {@code m} and {@code s = γ / sqrt(v + ε)}
 * rounded to float32 (x − m is exact or nearly so where x is close to m, so the result keeps its
 * relative accuracy). Float32 throughout lets the JIT vectorise both passes. Every channel of every
 * group is computed by the same loop in the same order whatever the other channels and groups, so one
 * channel alone, one group alone and a stack of groups give the same numbers bit for bit.
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
        ColumnSums sums = new ColumnSums(rows, columns);
        double count = (double) n * rest;
        for (int gr = 0; gr < groups; gr++) {
            for (int ch = 0; ch < c; ch++) {
                sums.start(src.get(srcBase + (gr * n * c + ch) * rest));
                for (int i = 0; i < n; i++) {
                    src.get(srcBase + ((gr * n + i) * c + ch) * rest, plane, 0, rest);
                    sums.add(plane);
                }
                int p = perGroup ? gr * c + ch : ch;
                ChannelAffine a = sums.affine(count, g[p], b[p], epsilon);
                float mean = a.mean();
                float scale = a.scale();
                float shift = a.shift();
                for (int i = 0; i < n; i++) {
                    int off = ((gr * n + i) * c + ch) * rest;
                    src.get(srcBase + off, plane, 0, rest);
                    if (relu) { // Math.max compiles to a branch-free max; a branch on the sign mispredicts
                        for (int r = 0; r < rest; r++) {
                            plane[r] = Math.max((plane[r] - mean) * scale + shift, 0f);
                        }
                    } else {
                        for (int r = 0; r < rest; r++) {
                            plane[r] = (plane[r] - mean) * scale + shift;
                        }
                    }
                    dst.put(dstBase + off, plane, 0, rest);
                }
            }
        }
        return out;
    }

    /**
     * The column order's sums for one group and channel of planar data (rows x columns per sample), fed one
     * sample's plane at a time: the one implementation of those sums for every path that holds a channel as
     * planes (this class, one-channel block deltas, the rest of a block after a delta).
     */
    static final class ColumnSums {
        private final int rows;
        private final int columns;
        private final float[] row;
        private final float[] sampleSums;
        private final float[] sampleSquares;
        private final double[] sums;
        private final double[] squares;
        private float k;

        ColumnSums(int rows, int columns) {
            this.rows = rows;
            this.columns = columns;
            this.row = new float[columns];
            this.sampleSums = new float[columns];
            this.sampleSquares = new float[columns];
            this.sums = new double[columns];
            this.squares = new double[columns];
        }

        /** Starts a group and channel; {@code shift} is its first value. */
        void start(float shift) {
            k = shift;
            Arrays.fill(sums, 0.0);
            Arrays.fill(squares, 0.0);
        }

        /** Adds the next sample's plane of the channel (its first rows · columns values). */
        void add(float[] plane) {
            Arrays.fill(sampleSums, 0f);
            Arrays.fill(sampleSquares, 0f);
            for (int y = 0; y < rows; y++) {
                // a row copied to an array of its own: the JIT vectorises whole-array loops only
                System.arraycopy(plane, y * columns, row, 0, columns);
                accumulate(row, k, sampleSums, sampleSquares, columns);
            }
            widen(sampleSums, sums, columns);
            widen(sampleSquares, squares, columns);
        }

        /** The normalisation from the planes added since {@link #start} ({@code count} values in all). */
        ChannelAffine affine(double count, float gamma, float beta, double epsilon) {
            return ChannelAffine.of(sums, squares, 0, 1, columns, k, count, gamma, beta, epsilon);
        }

        /** Adds {@code d = row − k} and {@code d²} to the per-column sums (float32). */
        private static void accumulate(float[] row, float k, float[] sums, float[] squares, int length) {
            for (int j = 0; j < length; j++) {
                float d = row[j] - k;
                sums[j] += d;
                squares[j] += d * d;
            }
        }

        private static void widen(float[] from, double[] into, int length) {
            for (int j = 0; j < length; j++) {
                into[j] += from[j];
            }
        }
    }

    /**
     * The normalisation of one group and channel, {@code y = (x − mean) · scale + shift} in float32, from
     * the column totals of the column order (see the class comment); mean and scale computed in double.
     */
    record ChannelAffine(float mean, float scale, float shift) {
        /**
         * @param sums    column totals of {@code x − k}; column j at {@code from + j·stride}
         * @param squares column totals of {@code (x − k)²}, laid out like {@code sums}
         * @param k       the shift, the channel's first value in the group
         * @param count   values per group and channel
         */
        static ChannelAffine of(double[] sums, double[] squares, int from, int stride, int columns, float k,
                double count, float gamma, float beta, double epsilon) {
            double s = 0;
            double q = 0;
            for (int j = 0; j < columns; j++) {
                s += sums[from + j * stride];
                q += squares[from + j * stride];
            }
            double shifted = s / count;
            double variance = Math.max(0.0, q / count - shifted * shifted);
            return new ChannelAffine((float) (k + shifted), (float) (gamma / Math.sqrt(variance + epsilon)), beta);
        }
    }
}
