package org.deepzero.zo.nn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/** Builders of the networks the toolkit uses. Every layer becomes one stage unless noted. */
public final class StagedModels {
    private StagedModels() {
    }

    /**
     * A convolutional network from layer specs, fully convolutional unless it flattens: input
     * {@code [N, inChannels, H, W]} for any H, W. Example, a PDE corrector 2 -> 2 channels:
     * {@code convNet(2, LayerSpec.parse("conv5x5:8,relu,conv5x5:8,relu,conv5x5:2"))}.
     * Layers are named conv1, relu1, bn1, pool1, gap1, flatten1, fc1, ... in order of appearance.
     * A convolution followed by batch norm, or in a run of convolutions with only activations between
     * them, computes channels-last in float32 (see {@link StagedModel#withChannelsLastConvolutions}); the
     * others keep ND4J's NCHW kernels.
     */
    public static StagedModel convNet(int inChannels, List<LayerSpec> specs) {
        return convNet(new long[] {inChannels, -1, -1}, specs, DataType.FLOAT);
    }

    /** As {@link #convNet(int, List)} with a compact text spec, e.g. {@code "conv5x5:8,relu,conv5x5:2"}. */
    public static StagedModel convNet(int inChannels, String spec) {
        return convNet(inChannels, LayerSpec.parse(spec));
    }

    /**
     * A network from layer specs for samples of shape {@code sampleShape} ({@code [C, H, W]}, −1 for a
     * free extent; H and W must be known if the spec flattens).
     */
    public static StagedModel convNet(long[] sampleShape, List<LayerSpec> specs, DataType dataType) {
        List<Layer> layers = new ArrayList<>();
        boolean free = false;
        long[] shape = new long[sampleShape.length + 1];
        shape[0] = 1;
        for (int i = 0; i < sampleShape.length; i++) {
            free |= sampleShape[i] < 0;
            // free extents are checked with a nominal size that any pooling divides
            shape[i + 1] = sampleShape[i] < 0 ? NOMINAL_EXTENT : sampleShape[i];
        }
        Map<String, Integer> counters = new HashMap<>();
        for (LayerSpec spec : specs) {
            if (free && spec instanceof LayerSpec.FlattenSpec) {
                throw new IllegalArgumentException("flatten needs a known input size; give H and W or use gap");
            }
            Layer layer = toLayer(spec, shape, counters);
            shape = layer.outputShape(shape);
            layers.add(layer);
        }
        return new StagedModel(layers, sampleShape, dataType).withChannelsLastConvolutions(true);
    }

    private static final long NOMINAL_EXTENT = 1L << 12;

    private static Layer toLayer(LayerSpec spec, long[] shape, Map<String, Integer> counters) {
        int channels = (int) shape[1];
        if (spec instanceof LayerSpec.Conv c) {
            return new Conv2d(next("conv", counters), channels, c.channels(), c.kernel(), c.stride());
        } else if (spec instanceof LayerSpec.Relu) {
            return Activation.relu(next("relu", counters));
        } else if (spec instanceof LayerSpec.LeakyRelu r) {
            return Activation.leakyRelu(next("lrelu", counters), r.alpha());
        } else if (spec instanceof LayerSpec.MaxPool p) {
            return Pool2d.max(next("pool", counters), p.size());
        } else if (spec instanceof LayerSpec.AvgPool p) {
            return Pool2d.avg(next("pool", counters), p.size());
        } else if (spec instanceof LayerSpec.BatchNormSpec) {
            return new BatchNorm(next("bn", counters), channels);
        } else if (spec instanceof LayerSpec.GlobalAvgPoolSpec) {
            return new GlobalAvgPool(next("gap", counters));
        } else if (spec instanceof LayerSpec.FlattenSpec) {
            return new Flatten(next("flatten", counters));
        } else if (spec instanceof LayerSpec.DenseSpec d) {
            if (shape.length != 2) {
                throw new IllegalArgumentException("dense:" + d.features() + " needs flat features; add gap or"
                        + " flatten before it");
            }
            return new Dense(next("fc", counters), channels, d.features());
        }
        throw new IllegalArgumentException("unsupported layer spec " + spec);
    }

    /** conv1, conv2, ...: layer names numbered per kind in order of appearance. */
    private static String next(String kind, Map<String, Integer> counters) {
        return kind + counters.merge(kind, 1, Integer::sum);
    }

    /**
     * The CIFAR-10 CNN family of DeepZero: {@code depth} blocks conv3x3(width)-BN-ReLU-maxpool2, then
     * global average pooling and a dense layer to {@code classes}. Input {@code [N, 3, 32, 32]}.
     */
    public static StagedModel cifarCnn(int depth, int width, int classes) {
        if (depth < 1 || depth > 5) {
            throw new IllegalArgumentException("depth must be in 1..5, got " + depth);
        }
        if (width < 1) {
            throw new IllegalArgumentException("width must be positive, got " + width);
        }
        List<LayerSpec> specs = new ArrayList<>();
        for (int b = 0; b < depth; b++) {
            specs.add(LayerSpec.conv(3, width));
            specs.add(LayerSpec.batchNorm());
            specs.add(LayerSpec.relu());
            specs.add(LayerSpec.maxPool(2));
        }
        specs.add(LayerSpec.globalAvgPool());
        specs.add(LayerSpec.dense(classes));
        return convNet(new long[] {3, 32, 32}, specs, DataType.FLOAT);
    }

    /**
     * ResNet-20 for CIFAR (He et al., 2016): conv3x3(16)-BN-ReLU, three groups of three basic blocks with
     * 16, 32, 64 channels (stride 2 at the start of groups 2 and 3, option-A zero-pad shortcuts), global
     * average pooling, dense to {@code classes}. About 0.27M parameters. Each residual block is one stage.
     */
    public static StagedModel resnet20(int classes) {
        List<Layer> layers = new ArrayList<>();
        layers.add(new Conv2d("conv1", 3, 16, 3, 1));
        layers.add(new BatchNorm("bn1", 16));
        layers.add(Activation.relu("relu1"));
        int in = 16;
        int[] widths = {16, 32, 64};
        for (int g = 0; g < 3; g++) {
            for (int b = 0; b < 3; b++) {
                int stride = (g > 0 && b == 0) ? 2 : 1;
                layers.add(new ResidualBlock("layer" + (g + 1) + ".block" + (b + 1), in, widths[g], stride));
                in = widths[g];
            }
        }
        layers.add(new GlobalAvgPool("gap"));
        layers.add(new Dense("fc", 64, classes));
        return new StagedModel(layers, new long[] {3, 32, 32}, DataType.FLOAT);
    }
}
