package org.deepzero.zo.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Population statistics (per-channel mean and biased variance) of the input of every batch-norm layer of
 * a model at one θ: what eval-mode batch norm normalises with ({@link StagedModel#inEvalMode}).
 * <p>
 * The engine keeps no running averages: zeroth-order training evaluates thousands of perturbed networks
 * per step, and which of them should move a running average is arbitrary. The statistics are instead
 * estimated afresh at the θ to be evaluated, from a set of training images ("precise batch norm", Wu and
 * Johnson 2021): one train-mode pass in chunks, each layer's chunk means and variances pooled over all
 * images, so the result is the exact population moment of the train-mode features. Immutable.
 */
public final class BatchNormStatistics {

    /** Mean and biased variance of one layer, one entry per channel. */
    public record Moments(double[] mean, double[] variance) {
        public Moments {
            if (mean.length != variance.length) {
                throw new IllegalArgumentException(mean.length + " means but " + variance.length + " variances");
            }
            for (double v : variance) {
                if (!(v >= 0) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException("variance must be finite and >= 0, got " + v);
                }
            }
            mean = mean.clone();
            variance = variance.clone();
        }

        @Override
        public double[] mean() {
            return mean.clone();
        }

        @Override
        public double[] variance() {
            return variance.clone();
        }

        int channels() {
            return mean.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Moments m && Arrays.equals(mean, m.mean) && Arrays.equals(variance, m.variance);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(mean) + Arrays.hashCode(variance);
        }
    }

    private final Map<String, Moments> layers;

    /** @param layers batch-norm layer name -> its moments */
    public BatchNormStatistics(Map<String, Moments> layers) {
        this.layers = Collections.unmodifiableMap(new LinkedHashMap<>(layers));
    }

    /**
     * Estimates the statistics of every batch-norm layer of {@code model} at {@code theta} from
     * {@code chunks} of input (batch first; together the calibration images).
     */
    public static BatchNormStatistics estimate(StagedModel model, double[] theta, List<INDArray> chunks) {
        if (chunks.isEmpty()) {
            throw new IllegalArgumentException("batch-norm statistics need at least one chunk of images");
        }
        Recorder recorder = new Recorder();
        StagedModel recording = model.mapBatchNorms(bn -> bn.recording(recorder));
        Weights w = model.weights(theta);
        for (INDArray x : chunks) {
            recording.forward(w, x, 1);
        }
        return recorder.statistics();
    }

    /** Layer names with statistics. */
    public Set<String> layerNames() {
        return layers.keySet();
    }

    /** The moments of layer {@code name}; an error names the layer when it has none. */
    public Moments of(String name) {
        Moments m = layers.get(name);
        if (m == null) {
            throw new IllegalArgumentException("no batch-norm statistics for layer '" + name + "' (have "
                    + layers.keySet() + ")");
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchNormStatistics s && layers.equals(s.layers);
    }

    @Override
    public int hashCode() {
        return layers.hashCode();
    }

    /**
     * Collects chunk moments per layer and pools them without cancellation: the population variance is
     * the mean within-chunk variance plus the variance of the chunk means. Used by recording batch-norm
     * layers during {@link #estimate}; thread-safe.
     */
    static final class Recorder {
        private record Chunk(double[] mean, double[] variance, long samples) {
        }

        private final Map<String, List<Chunk>> chunks = new LinkedHashMap<>();

        /** Adds the moments of one chunk of {@code samples} values per channel. */
        synchronized void add(String layer, INDArray mean, INDArray variance, long samples) {
            chunks.computeIfAbsent(layer, k -> new ArrayList<>()).add(new Chunk(flat(mean), flat(variance), samples));
        }

        private static double[] flat(INDArray a) {
            return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        }

        synchronized BatchNormStatistics statistics() {
            Map<String, Moments> out = new LinkedHashMap<>();
            for (Map.Entry<String, List<Chunk>> e : chunks.entrySet()) {
                int channels = e.getValue().get(0).mean().length;
                double[] mean = new double[channels];
                double[] var = new double[channels];
                double total = 0;
                for (Chunk ch : e.getValue()) {
                    total += ch.samples();
                    for (int c = 0; c < channels; c++) {
                        mean[c] += ch.samples() * ch.mean()[c];
                    }
                }
                for (int c = 0; c < channels; c++) {
                    mean[c] /= total;
                }
                for (Chunk ch : e.getValue()) {
                    for (int c = 0; c < channels; c++) {
                        double dm = ch.mean()[c] - mean[c];
                        var[c] += ch.samples() * (ch.variance()[c] + dm * dm) / total;
                    }
                }
                out.put(e.getKey(), new Moments(mean, var));
            }
            return new BatchNormStatistics(out);
        }
    }
}
