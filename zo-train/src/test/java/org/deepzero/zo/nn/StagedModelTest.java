package org.deepzero.zo.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deepzero.zo.param.ParameterSpace;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class StagedModelTest {

    @Test
    void correctorSpecIsFullyConvolutionalWithAFewThousandParameters() {
        StagedModel m = StagedModels.convNet(2, "conv5x5:8,relu,conv5x5:8,relu,conv5x5:2");
        assertEquals(5, m.stageCount());
        // 2*8*25+8 + 8*8*25+8 + 8*2*25+2
        assertEquals(408 + 1608 + 402, m.space().dimension());
        double[] theta = m.initialParameters(7);
        INDArray x = TestNets.gaussian(1, 3, 2, 12, 20).castTo(DataType.FLOAT);
        INDArray y = m.forward(theta, x);
        assertArrayEquals(new long[] {3, 2, 12, 20}, y.shape());
        float[] flat = m.forward(theta, x.dup('c').data().asFloat(), 3, 2, 12, 20);
        assertEquals(3 * 2 * 12 * 20, flat.length);
        assertEquals(y.getDouble(1, 1, 5, 7), flat[((1 * 2 + 1) * 12 + 5) * 20 + 7], 1e-6);
    }

    @Test
    void unknownLayerIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayerSpec.parse("conv5x5:8,swish,conv5x5:2"));
        assertTrue(e.getMessage().contains("swish"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LayerSpec.parse("conv5x4:8"));
    }

    @Test
    void specTokensWithArguments() {
        assertEquals(List.of(new LayerSpec.Conv(3, 16, 2), new LayerSpec.LeakyRelu(0.2), new LayerSpec.AvgPool(4),
                new LayerSpec.BatchNormSpec(), new LayerSpec.GlobalAvgPoolSpec(), new LayerSpec.DenseSpec(10)),
                LayerSpec.parse("conv3x3:16:s2, LReLU:0.2, avgpool:4, bn, gap, fc:10"));
        assertThrows(IllegalArgumentException.class, () -> StagedModels.convNet(2, "conv3x3:4,flatten,dense:3"),
                "flatten needs a known input size");
        assertThrows(IllegalArgumentException.class, () -> StagedModels.convNet(2, "conv3x3:4,dense:3"));
    }

    @Test
    void stagesOwnTheirSegments() {
        StagedModel m = StagedModels.cifarCnn(3, 18, 10);
        ParameterSpace s = m.space();
        for (ParameterSpace.Segment seg : s.segments()) {
            assertTrue(m.stage(seg.stage()).name().equals(seg.layer()), seg.toString());
        }
        // 3 conv blocks + BN + dense
        assertEquals((3 * 9 * 18 + 18) + 2 * (18 * 9 * 18 + 18) + 3 * 36 + 18 * 10 + 10, s.dimension());
    }

    @Test
    void forwardFromACachedStageInputEqualsTheFullForward() {
        StagedModel m = TestNets.small(DataType.FLOAT);
        double[] theta = m.initialParameters(3);
        Weights w = m.weights(theta);
        INDArray x = TestNets.gaussian(2, 5, 2, 8, 8);
        INDArray[] a = m.activations(w, x);
        INDArray full = m.forward(theta, x);
        for (int l = 0; l < m.stageCount(); l++) {
            INDArray from = m.forwardFrom(l, a[l], theta);
            assertTrue(from.equalsWithEps(full, 1e-6), "stage " + l);
        }
    }

    @Test
    void resnet20HasThe270kParametersOfHeEtAl() {
        StagedModel m = StagedModels.resnet20(10);
        int d = m.space().dimension();
        // He et al. (2016), CIFAR ResNet-20 with identity (zero-padded, option A) shortcuts: 3x3 convs
        // 3->16, then 6 convs at each width 16, 32, 64 (the first of a stage from the narrower width),
        // batch norm (scale and shift) after each of the 19 convs, a 64->10 dense layer. Our convs carry
        // a bias too (688 more): 269,722 + 688 = 270,410.
        int convWeights = 9 * (3 * 16 + 6 * 16 * 16 + (16 * 32 + 5 * 32 * 32) + (32 * 64 + 5 * 64 * 64));
        int channels = 16 + 6 * 16 + 6 * 32 + 6 * 64;
        int heEtAl = convWeights + 2 * channels + 64 * 10 + 10;
        assertEquals(269_722, heEtAl);
        assertEquals(heEtAl + channels, d, "ResNet-20 parameters");
        assertEquals(270_410, d);
        INDArray y = m.forward(m.initialParameters(1), TestNets.gaussian(4, 2, 3, 32, 32));
        assertArrayEquals(new long[] {2, 10}, y.shape());
    }

    @Test
    void initialisationIsSeeded() {
        StagedModel m = TestNets.small(DataType.FLOAT);
        assertArrayEquals(m.initialParameters(11), m.initialParameters(11));
        assertTrue(m.initialParameters(11)[0] != m.initialParameters(12)[0]);
    }
}
