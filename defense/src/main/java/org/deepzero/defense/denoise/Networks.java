package org.deepzero.defense.denoise;

import java.util.ArrayList;
import java.util.List;
import org.deepzero.vision.data.ImageSet;
import org.deepzero.zo.nn.Activation;
import org.deepzero.zo.nn.BatchNorm;
import org.deepzero.zo.nn.Conv2d;
import org.deepzero.zo.nn.Dense;
import org.deepzero.zo.nn.Flatten;
import org.deepzero.zo.nn.Layer;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.param.ParameterSpace;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The networks of the defense, each a zo-train {@link StagedModel} so that DeepZero's feature reuse works
 * on them. Layer names carry a prefix ({@code dn_}, {@code enc_}, {@code dec_}) so that their parameter
 * segments never collide with the black box's or with each other's when graphs are combined.
 */
public final class Networks {
    /** Latent code of the autoencoder: 3 x 8 x 8 = 192 values, the ZO-AE-DS paper's CIFAR-10 size. */
    public static final long[] LATENT_SHAPE = {3, 8, 8};
    public static final int LATENT = 192;

    private Networks() {
    }

    /**
     * The residual branch R of a DnCNN-style denoiser D(x) = x + R(x) (Zhang et al., "Beyond a Gaussian
     * denoiser", 2017): {@code layers} 3x3 convolutions, batch norm and ReLU between them, 3 output channels.
     * The skip connection x + · is applied by whoever consumes R's output, so R stays a plain chain of stages.
     */
    public static StagedModel denoiserBranch(int width, int layers) {
        if (layers < 2 || width < 1) {
            throw new IllegalArgumentException("a denoiser needs >= 2 conv layers and width >= 1, got " + layers
                    + " layers of width " + width);
        }
        List<Layer> l = new ArrayList<>();
        int in = ImageSet.CHANNELS;
        for (int k = 1; k < layers; k++) {
            l.add(new Conv2d("dn_conv" + k, in, width, 3, 1));
            l.add(new BatchNorm("dn_bn" + k, width));
            l.add(Activation.relu("dn_relu" + k));
            in = width;
        }
        l.add(new Conv2d("dn_conv" + layers, in, ImageSet.CHANNELS, 3, 1));
        return new StagedModel(l, new long[] {ImageSet.CHANNELS, ImageSet.SIDE, ImageSet.SIDE}, DataType.FLOAT);
    }

    /** The encoder of ZO-AE-DS: two stride-2 3x3 convolutions, 32x32x3 to the 8x8x3 latent code. */
    public static StagedModel encoder(int width) {
        return new StagedModel(List.of(new Conv2d("enc_conv1", ImageSet.CHANNELS, width, 3, 2),
                Activation.relu("enc_relu1"), new Conv2d("enc_conv2", width, (int) LATENT_SHAPE[0], 3, 2)),
                new long[] {ImageSet.CHANNELS, ImageSet.SIDE, ImageSet.SIDE}, DataType.FLOAT);
    }

    /** The decoder of ZO-AE-DS: the latent code flattened, one dense layer to the 3072 pixel values. */
    public static StagedModel decoder() {
        return new StagedModel(List.of(new Flatten("dec_flatten"), new Dense("dec_fc", LATENT, ImageSet.IMAGE_BYTES)),
                LATENT_SHAPE, DataType.FLOAT);
    }

    /** Encoder then decoder as one chain, for first-order pre-training on reconstruction. */
    public static StagedModel autoencoder(int width) {
        List<Layer> l = new ArrayList<>(encoder(width).stages());
        l.addAll(decoder().stages());
        return new StagedModel(l, new long[] {ImageSet.CHANNELS, ImageSet.SIDE, ImageSet.SIDE}, DataType.FLOAT);
    }

    /** The coordinates of several models side by side (the trainable part of ZO-AE-DS: denoiser and encoder). */
    public static ParameterSpace concat(StagedModel... models) {
        ParameterSpace.Builder b = ParameterSpace.builder();
        int stageBase = 0;
        for (StagedModel m : models) {
            for (ParameterSpace.Segment s : m.space().segments()) {
                b.add(s.name(), s.layer(), stageBase + s.stage(), s.shape());
            }
            stageBase += m.stageCount();
        }
        return b.build();
    }
}
