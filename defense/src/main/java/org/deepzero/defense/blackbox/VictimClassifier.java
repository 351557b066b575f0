package org.deepzero.defense.blackbox;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.deepzero.common.InputException;
import org.deepzero.vision.data.Batch;
import org.deepzero.vision.data.ChannelStats;
import org.deepzero.vision.data.ImageSet;
import org.deepzero.vision.model.ModelSpec;
import org.deepzero.zo.nn.BatchNormStatistics;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.Weights;
import org.deepzero.zo.param.ParameterIO;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The victim: a CIFAR-10 classifier trained by {@code deepzero vision train}, loaded from its parameters
 * file, with batch norm in eval mode (population statistics of calibration training images, as
 * {@code vision evaluate} does) so that each image's logits do not depend on the rest of its batch. It
 * takes [0, 1] pixels and applies the channel normalisation the network was trained with.
 * <p>
 * Only the white-box FO-DS upper bound may use this class directly ({@link #model()}, {@link #theta()}).
 * Every black-box method gets {@link #asBlackBox()}, an object that exposes {@link BlackBox} and nothing
 * else. Immutable.
 */
public final class VictimClassifier {
    private final ModelSpec spec;
    private final StagedModel model;
    private final double[] theta;
    private final Weights weights;
    private final INDArray mean;
    private final INDArray inverseStd;

    private VictimClassifier(ModelSpec spec, StagedModel model, double[] theta, ChannelStats stats) {
        this.spec = spec;
        this.model = model;
        this.theta = theta.clone();
        this.weights = model.weights(theta);
        double[] m = stats.mean();
        double[] s = stats.std();
        this.mean = Nd4j.createFromArray(new float[] {(float) m[0], (float) m[1], (float) m[2]});
        this.inverseStd = Nd4j.createFromArray(new float[] {(float) (1 / s[0]), (float) (1 / s[1]), (float) (1 / s[2])});
    }

    /**
     * Reads parameters saved by {@code vision train} for the network {@code spec}.
     *
     * @throws InputException naming the file if it is missing, not a parameter file, or of another model
     */
    public static double[] readParameters(Path file, ModelSpec spec) {
        StagedModel train = spec.build(DataType.FLOAT);
        ParameterIO.Saved saved;
        try {
            saved = ParameterIO.load(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file, "--params", "no such parameter file");
        } catch (IOException e) {
            throw new InputException(file, "--params", "cannot be read: " + e.getMessage());
        }
        if (!saved.space().equals(train.space())) {
            throw new InputException(file, "--params", "parameters of another network (" + saved.space().dimension()
                    + " values) than the black box " + spec.label() + " (" + train.space().dimension()
                    + "); give --model/--depth/--width of the run that saved it");
        }
        return saved.theta();
    }

    /**
     * The classifier with given parameters.
     *
     * @param calibration training images whose statistics eval-mode batch norm uses
     * @param stats       the channel normalisation of training (statistics of the whole training split)
     */
    public static VictimClassifier of(ModelSpec spec, double[] theta, ImageSet calibration, ChannelStats stats) {
        StagedModel train = spec.build(DataType.FLOAT);
        StagedModel model = train;
        if (train.hasBatchNorm()) {
            List<INDArray> chunks = new ArrayList<>();
            for (int from = 0; from < calibration.size(); from += 500) {
                int[] idx = java.util.stream.IntStream.range(from, Math.min(calibration.size(), from + 500)).toArray();
                chunks.add(Batch.of(calibration.subset(idx), stats).features(DataType.FLOAT));
            }
            model = train.inEvalMode(BatchNormStatistics.estimate(train, theta, chunks));
        }
        return new VictimClassifier(spec, model, theta, stats);
    }

    /**
     * The black box as the defense builds it from the whole training split: eval-mode batch norm
     * calibrated on its first {@code bnImages} images, the channel normalisation of the whole split.
     */
    public static VictimClassifier of(ModelSpec spec, double[] theta, ImageSet training, int bnImages) {
        return of(spec, theta, training.first(bnImages), ChannelStats.of(training));
    }

    /** The network in eval mode (white-box access: FO-DS only). */
    public StagedModel model() {
        return model;
    }

    /** Its parameters, a copy (white-box access: FO-DS only). */
    public double[] theta() {
        return theta.clone();
    }

    public ModelSpec spec() {
        return spec;
    }

    /** [0, 1] pixels to the network's normalised input (a new array). */
    public INDArray normalise(INDArray pixels) {
        INDArray x = pixels.castTo(DataType.FLOAT).dup('c');
        Broadcast.sub(x, mean, x, 1);
        Broadcast.mul(x, inverseStd, x, 1);
        return x;
    }

    /** The per-channel mean subtracted by {@link #normalise}. */
    public float[] channelMean() {
        return mean.toFloatVector();
    }

    /** The per-channel 1/std applied by {@link #normalise}. */
    public float[] channelInverseStd() {
        return inverseStd.toFloatVector();
    }

    /** Logits of [0, 1]-pixel images, not counted (certification of the white-box model, accuracy). */
    INDArray logits(INDArray pixels) {
        return model.forward(weights, normalise(pixels), 1);
    }

    /** A fresh query-only view with its own counter; the only object black-box methods receive. */
    public BlackBox asBlackBox() {
        return new QueryOnly(this);
    }

    /** Hides the classifier: a black-box method holding this cannot reach weights or gradients. */
    private static final class QueryOnly implements BlackBox {
        private final VictimClassifier victim;
        private final AtomicLong queries = new AtomicLong();

        QueryOnly(VictimClassifier victim) {
            this.victim = victim;
        }

        @Override
        public INDArray logits(INDArray images) {
            queries.addAndGet(images.size(0));
            return victim.logits(images);
        }

        @Override
        public long queries() {
            return queries.get();
        }

        @Override
        public String toString() {
            return "BlackBox[" + queries() + " queries]";
        }
    }
}
