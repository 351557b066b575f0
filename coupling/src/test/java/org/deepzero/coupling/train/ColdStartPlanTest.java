package org.deepzero.coupling.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.deepzero.zo.nn.StagedModel;
import org.deepzero.zo.nn.StagedModels;
import org.deepzero.zo.param.ParameterSpace;
import org.deepzero.zo.prune.CoordinateMask;
import org.deepzero.zo.prune.MaskSampler;
import org.junit.jupiter.api.Test;

class ColdStartPlanTest {
    /** The default case's corrector: input u, v, Re; output the u, v correction. */
    static final StagedModel NET = StagedModels.convNet(3, "conv5x5:8,lrelu,conv5x5:8,lrelu,conv5x5:2");

    /** He-normal weights with the output layer zero, as {@code Corrector.initialParameters} makes them. */
    static double[] coldStart() {
        double[] theta = NET.initialParameters(11);
        for (ParameterSpace.Segment s : NET.space().segments()) {
            if (s.layer().equals("conv3")) {
                java.util.Arrays.fill(theta, s.offset(), s.end(), 0.0);
            }
        }
        return theta;
    }

    /**
     * The premise of the readout phase: with the output layer zero, perturbing any coordinate of an earlier
     * layer leaves the output exactly unchanged, while every output-layer coordinate changes it.
     */
    @Test
    void atAColdStartOnlyOutputLayerCoordinatesChangeTheOutput() {
        double[] theta = coldStart();
        float[] x = new float[3 * 12 * 12];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] base = NET.forward(theta, x, 1, 3, 12, 12);
        int changed = 0;
        int layer3 = 0;
        for (ParameterSpace.Segment s : NET.space().segments()) {
            for (int i = s.offset(); i < s.end(); i += 7) {
                double[] p = theta.clone();
                p[i] += 5e-3;
                boolean differs = !java.util.Arrays.equals(base, NET.forward(p, x, 1, 3, 12, 12));
                if (s.layer().equals("conv3")) {
                    layer3++;
                    changed += differs ? 1 : 0;
                } else {
                    assertFalse(differs, s.name() + " coordinate " + i + " changed the output of a zero output layer");
                }
            }
        }
        assertEquals(layer3, changed, "every output-layer coordinate changes the output");
    }

    @Test
    void readoutSpendsTheBudgetOnTheZeroLayerOnly() {
        ParameterSpace space = NET.space();
        ColdStartPlan plan = ColdStartPlan.of(space, coldStart(), 262, 10);
        assertEquals(List.of("conv3"), plan.zeroLayers());
        assertTrue(plan.inReadout(9));
        assertFalse(plan.inReadout(10));
        MaskSampler masks = new MaskSampler(space, plan.readoutRatios(), 7, 5);
        CoordinateMask m = masks.maskForStep(0);
        assertEquals(262, masks.maskSize());
        ParameterSpace.Segment first = space.segments().stream().filter(s -> s.layer().equals("conv3"))
                .findFirst().orElseThrow();
        boolean[] in = m.toBooleanArray();
        for (int i = 0; i < first.offset(); i++) {
            assertFalse(in[i], "coordinate " + i + " of an earlier layer is queried");
        }
        boolean[] coords = plan.readoutCoordinates();
        assertEquals(402, java.util.stream.IntStream.range(0, coords.length).filter(i -> coords[i]).count());
    }

    /** A warm start (no zero layer), a zero-length phase and an all-zero start have no readout phase. */
    @Test
    void noReadoutWithoutAZeroLayer() {
        ParameterSpace space = NET.space();
        assertFalse(ColdStartPlan.of(space, NET.initialParameters(11), 262, 10).hasReadout());
        assertFalse(ColdStartPlan.of(space, coldStart(), 262, 0).hasReadout());
        assertFalse(ColdStartPlan.of(space, new double[space.dimension()], 262, 10).hasReadout());
        double[] almost = coldStart();
        almost[almost.length - 1] = 1e-9; // one nonzero bias: the layer is not zero
        assertEquals(List.of(), ColdStartPlan.zeroLayers(space, almost));
    }

    /** The cached ratios' name changes with every input that shapes them, and only then. */
    @Test
    void ratiosFileIsKeyedByWhatShapesIt() {
        double[] start = coldStart();
        String name = CorrectorTraining.ratiosFileName("config-a", start, 0);
        assertEquals(name, CorrectorTraining.ratiosFileName("config-a", start.clone(), 0));
        assertNotEquals(name, CorrectorTraining.ratiosFileName("config-b", start, 0));
        assertNotEquals(name, CorrectorTraining.ratiosFileName("config-a", start, 10));
        double[] other = start.clone();
        other[5] = Math.nextUp(other[5]);
        assertNotEquals(name, CorrectorTraining.ratiosFileName("config-a", other, 0));
        assertTrue(name.matches("ratios-[0-9a-f]{16}\\.txt"), name);
        assertArrayEquals(coldStart(), start);
    }
}
