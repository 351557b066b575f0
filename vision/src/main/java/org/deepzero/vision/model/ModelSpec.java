package org.deepzero.vision.model;

import org.deepzero.common.InputException;
import org.deepzero.vision.data.ImageSet;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.StagedModels;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Which network to train, as a value: the DeepZero paper's CIFAR-10 CNN family (depth 1 to 5
 * conv-BN-ReLU-maxpool blocks of a given width) or ResNet-20.
 *
 * @param kind  the architecture
 * @param depth number of conv blocks of a CNN (1..5); ignored for ResNet-20
 * @param width channels of a CNN's conv blocks (the paper uses 18 to 24); ignored for ResNet-20
 */
public record ModelSpec(Kind kind, int depth, int width) {

    /** Architectures. */
    public enum Kind {
        /** conv-BN-ReLU-maxpool blocks, global average pooling, one dense layer. */
        CNN,
        /** ResNet-20 with option-A shortcuts (He et al. 2016). */
        RESNET20
    }

    public ModelSpec {
        if (kind == Kind.CNN) {
            if (depth < 1 || depth > 5) {
                throw new InputException("CNN depth must lie in 1..5, got " + depth);
            }
            if (width < 1) {
                throw new InputException("CNN width must be positive, got " + width);
            }
        }
    }

    /** The paper's CNN of the given depth and width. */
    public static ModelSpec cnn(int depth, int width) {
        return new ModelSpec(Kind.CNN, depth, width);
    }

    /** ResNet-20. */
    public static ModelSpec resnet20() {
        return new ModelSpec(Kind.RESNET20, 0, 0);
    }

    /** Short name for logs and file names, e.g. {@code cnn-d3-w18} or {@code resnet20}. */
    public String label() {
        return kind == Kind.CNN ? "cnn-d" + depth + "-w" + width : "resnet20";
    }

    /** The network for CIFAR-10 (10 classes, {@code [N, 3, 32, 32]} input), computing in {@code type}. */
    public StagedModel build(DataType type) {
        StagedModel m = kind == Kind.CNN ? StagedModels.cifarCnn(depth, width, ImageSet.CLASSES)
                : StagedModels.resnet20(ImageSet.CLASSES);
        return m.withDataType(type);
    }
}
