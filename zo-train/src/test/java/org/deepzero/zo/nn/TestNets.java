package org.deepzero.zo.nn;

import java.util.SplittableRandom;
import org.deepzero.zo.objective.Loss;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small seeded networks and data shared by tests. */
public final class TestNets {
    private TestNets() {
    }

    /** conv, batch norm, pooling, leaky ReLU, global pooling and dense on 2 x 8 x 8 inputs, 3 classes. */
    public static final String SMALL_SPEC = "conv3x3:4,bn,relu,maxpool,conv3x3:4,bn,lrelu:0.1,gap,dense:3";

    public static StagedModel small(DataType type) {
        return StagedModels.convNet(new long[] {2, 8, 8}, LayerSpec.parse(SMALL_SPEC), type);
    }

    public static INDArray gaussian(long seed, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        return Nd4j.create(v, shape, DataType.DOUBLE);
    }

    public static int[] labels(long seed, int n, int classes) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(classes);
        }
        return y;
    }

    /** Central differences (h = 1e-5) of {@code loss} at every coordinate of θ; meant for float64 models. */
    public static double[] centralDifferences(StagedModel m, double[] theta, INDArray x, Loss loss) {
        double h = 1e-5;
        double[] g = new double[theta.length];
        double[] p = theta.clone();
        for (int i = 0; i < theta.length; i++) {
            p[i] = theta[i] + h;
            double up = loss.value(m.forward(p, x));
            p[i] = theta[i] - h;
            double down = loss.value(m.forward(p, x));
            p[i] = theta[i];
            g[i] = (up - down) / (2 * h);
        }
        return g;
    }

    /** Relative L2 distance ‖a − b‖ / ‖b‖. */
    public static double relativeError(double[] a, double[] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.sqrt(num / den);
    }
}
