package org.deepzero.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.deepzero.defense.certify.Certificate;
import org.deepzero.defense.certify.Certifier;
import org.deepzero.defense.certify.NoisyClassifier;
import org.deepzero.defense.denoise.Denoiser;
import org.deepzero.defense.denoise.Networks;
import org.deepzero.defense.train.StabilityLoss;
import org.deepzero.zo.nn.BatchNormStatistics;
import org.deepzero.zo.nn.Layer;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.StagedModels;
import org.deepzero.zo.nn.Weights;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch norm in eval mode, the defense's black box F and denoiser D: forwards and certification throughput
 * before and after the channels-last eval-mode blocks, in one JVM, alternating rounds, thread CPU time.
 * <ul>
 *   <li><em>before</em>, F: the depth-3 CIFAR CNN (width 18) in eval mode stage by stage ({@link Layer#forward}
 *       each: its channels-last convolutions with their copies to and from NCHW, ND4J's affine batch norm,
 *       ReLU and max-pool), the path eval mode took before; D: the denoiser branch (width 16, 3 convolutions)
 *       in eval mode with NCHW convolutions, as {@link Denoiser} built it before.</li>
 *   <li><em>now</em>, F: {@link StagedModel#forward}, conv → frozen batch norm → ReLU → max-pool blocks
 *       channels-last; D: {@link Denoiser} as it is built now.</li>
 * </ul>
 * Certification is {@link Certifier#certify} on one image per round (n0 = 100, n samples, chunks of 250,
 * σ = 0.25) through F alone and through D then F, with F's [0, 1]-pixel normalisation; the certificates of
 * both paths are compared; and the certifier's own share (noise and batching, with a classifier that
 * answers at once). Weights are seeded initial ones with batch-norm statistics of seeded images:
 * the cost does not depend on their values.
 * <p>
 * {@code OMP_NUM_THREADS=1 java -cp bench/target/benchmarks.jar org.deepzero.bench.EvalForwardSpeedup
 * [rounds] [batch] [n]}
 */
public final class EvalForwardSpeedup {
    private static final double SIGMA = 0.25;
    private static final int CHUNK = 250;

    private EvalForwardSpeedup() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        System.out.printf(Locale.ROOT, "load average at start: %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        StagedModel cnn = StagedModels.cifarCnn(3, 18, 10);
        double[] thetaF = cnn.initialParameters(1);
        StagedModel f = cnn.inEvalMode(BatchNormStatistics.estimate(cnn, thetaF, images(2, 2, 250, false)));
        Weights wf = f.weights(thetaF);

        StagedModel branch = Networks.denoiserBranch(16, 3);
        double[] thetaD = branch.initialParameters(3);
        List<INDArray> noisy = images(4, 2, 250, true);
        Denoiser dNow = Denoiser.of(branch, thetaD, noisy);
        StagedModel dBefore = branch.inEvalMode(BatchNormStatistics.estimate(branch, thetaD, noisy));
        Weights wd = dBefore.weights(thetaD);

        INDArray x = normalise(images(5, 1, batch, true).get(0));
        INDArray pixels = images(6, 1, batch, true).get(0);
        double[] fOld = new double[rounds];
        double[] fNew = new double[rounds];
        double[] dOld = new double[rounds];
        double[] dNew = new double[rounds];
        for (int r = -1; r < rounds; r++) { // round −1 warms up
            double t0 = median3(() -> stageByStage(f, wf, x));
            double t1 = median3(() -> f.forward(wf, x, 1));
            double t2 = median3(() -> dBefore.forward(wd, pixels, 1).addi(pixels));
            double t3 = median3(() -> dNow.apply(pixels));
            if (r >= 0) {
                fOld[r] = t0;
                fNew[r] = t1;
                dOld[r] = t2;
                dNew[r] = t3;
                System.out.printf(Locale.ROOT, "round %d: F before %.2f ms, now %.2f ms (%.2fx); D before %.2f ms,"
                        + " now %.2f ms (%.2fx)%n", r + 1, 1e3 * t0, 1e3 * t1, t0 / t1, 1e3 * t2, 1e3 * t3, t2 / t3);
            }
        }
        System.out.printf(Locale.ROOT, "batch %d, medians of %d rounds: F before %.2f ms, now %.2f ms; D before %.2f ms,"
                + " now %.2f ms%n", batch, rounds, 1e3 * ForwardProfile.median(fOld), 1e3 * ForwardProfile.median(fNew),
                1e3 * ForwardProfile.median(dOld), 1e3 * ForwardProfile.median(dNew));
        System.out.println("F speed-up per round: " + ForwardProfile.ratios(fOld, fNew));
        System.out.println("D speed-up per round: " + ForwardProfile.ratios(dOld, dNew));
        System.out.printf(Locale.ROOT, "outputs equal bit for bit: F %s, D %s%n",
                sameBits(stageByStage(f, wf, x), f.forward(wf, x, 1)),
                sameBits(dBefore.forward(wd, pixels, 1).addi(pixels), dNow.apply(pixels)));

        NoisyClassifier fBefore = p -> StabilityLoss.argmax(stageByStage(f, wf, normalise(p)));
        NoisyClassifier fNow = p -> StabilityLoss.argmax(f.forward(wf, normalise(p), 1));
        NoisyClassifier dfBefore = p -> fBefore.classify(dBefore.forward(wd, p, 1).addi(p));
        NoisyClassifier dfNow = p -> fNow.classify(dNow.apply(p));
        Certifier certifier = new Certifier(SIGMA, Certifier.DEFAULT_N0, n, Certifier.DEFAULT_ALPHA, CHUNK);
        int samples = Certifier.DEFAULT_N0 + n;
        double[][] rate = new double[4][rounds];
        double[] noiseOnly = new double[rounds];
        boolean same = true;
        for (int r = -1; r < rounds; r++) {
            INDArray image = images(100 + r, 1, 1, false).get(0);
            NoisyClassifier[] paths = {fBefore, fNow, dfBefore, dfNow};
            Certificate[] c = new Certificate[4];
            double[] t = new double[4];
            for (int k = 0; k < 4; k++) {
                NoisyClassifier g = paths[k];
                int kk = k;
                t[k] = ForwardProfile.cpuSeconds(() -> {
                    c[kk] = certifier.certify(g, image, 10, new SplittableRandom(7 + kk / 2));
                    return null;
                });
            }
            same &= c[0].equals(c[1]) && c[2].equals(c[3]);
            // the certifier's own work: noise and batching, with a classifier that answers at once
            double noise = ForwardProfile.cpuSeconds(() -> {
                certifier.certify(p -> new int[(int) p.size(0)], image, 10, new SplittableRandom(9));
                return null;
            });
            if (r >= 0) {
                noiseOnly[r] = samples / noise;
                for (int k = 0; k < 4; k++) {
                    rate[k][r] = samples / t[k];
                }
                System.out.printf(Locale.ROOT, "round %d, noisy samples/s: F before %.0f, now %.0f (%.2fx); D then F"
                        + " before %.0f, now %.0f (%.2fx)%n", r + 1, rate[0][r], rate[1][r], rate[1][r] / rate[0][r],
                        rate[2][r], rate[3][r], rate[3][r] / rate[2][r]);
            }
        }
        System.out.printf(Locale.ROOT, "certification, %d samples per image (n0 = %d, n = %d, chunks of %d), medians"
                + " of %d rounds, noisy samples/s on one thread: F before %.0f, now %.0f; D then F before %.0f, now %.0f%n",
                samples, Certifier.DEFAULT_N0, n, CHUNK, rounds, ForwardProfile.median(rate[0]),
                ForwardProfile.median(rate[1]), ForwardProfile.median(rate[2]), ForwardProfile.median(rate[3]));
        System.out.printf(Locale.ROOT, "of which the certifier's noise and batching alone: %.0f samples/s (median)%n",
                ForwardProfile.median(noiseOnly));
        System.out.println("F speed-up per round: " + ForwardProfile.ratios(invert(rate[0]), invert(rate[1])));
        System.out.println("D then F speed-up per round: " + ForwardProfile.ratios(invert(rate[2]), invert(rate[3])));
        System.out.println("certificates equal on both paths in every round: " + same);
        System.out.printf(Locale.ROOT, "load average at end: %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** Eval mode stage by stage, each stage's own forward: the path before the eval-mode blocks. */
    private static INDArray stageByStage(StagedModel m, Weights w, INDArray x) {
        INDArray y = x;
        for (Layer l : m.stages()) {
            y = l.forward(y, w, 1);
        }
        return y;
    }

    /** {@code chunks} seeded batches of {@code n} images, pixels in [0, 1] ({@code noisy}: plus N(0, σ²)). */
    private static List<INDArray> images(long seed, int chunks, int n, boolean noisy) {
        SplittableRandom r = new SplittableRandom(seed);
        List<INDArray> out = new ArrayList<>();
        for (int c = 0; c < chunks; c++) {
            float[] v = new float[n * 3 * 32 * 32];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (r.nextDouble() + (noisy ? SIGMA * r.nextGaussian() : 0));
            }
            out.add(Nd4j.create(v, new long[] {n, 3, 32, 32}, 'c'));
        }
        return out;
    }

    /** CIFAR-10's channel normalisation, as the black box applies it to [0, 1] pixels. */
    private static INDArray normalise(INDArray pixels) {
        INDArray x = pixels.castTo(DataType.FLOAT).dup('c');
        Broadcast.sub(x, Nd4j.createFromArray(0.4914f, 0.4822f, 0.4465f), x, 1);
        Broadcast.mul(x, Nd4j.createFromArray(1 / 0.2470f, 1 / 0.2435f, 1 / 0.2616f), x, 1);
        return x;
    }

    private static boolean sameBits(INDArray a, INDArray b) {
        float[] p = a.dup('c').data().asFloat();
        float[] q = b.dup('c').data().asFloat();
        if (p.length != q.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (Float.floatToRawIntBits(p[i]) != Float.floatToRawIntBits(q[i])) {
                return false;
            }
        }
        return true;
    }

    private static double median3(java.util.function.Supplier<INDArray> f) {
        double[] t = new double[3];
        for (int i = 0; i < 3; i++) {
            t[i] = ForwardProfile.cpuSeconds(f);
        }
        return ForwardProfile.median(t);
    }

    private static double[] invert(double[] rates) {
        double[] t = new double[rates.length];
        for (int i = 0; i < rates.length; i++) {
            t[i] = 1 / rates[i];
        }
        return t;
    }
}
