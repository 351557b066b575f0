package org.deepzero.zo.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.deepzero.zo.param.ParameterSpace;
import org.junit.jupiter.api.Test;

class MaskSamplerTest {

    static final ParameterSpace SPACE = ParameterSpace.builder()
            .add("conv1.weight", "conv1", 0, 8, 3, 3, 3).add("conv1.bias", "conv1", 0, 8)   // 224
            .add("bn1.gamma", "bn1", 1, 8).add("bn1.beta", "bn1", 1, 8)                      // 16
            .add("fc.weight", "fc", 2, 10, 32).add("fc.bias", "fc", 2, 10)                   // 330
            .add("tiny", "tiny", 3, 5).build();                                              // 5

    static LayerRatios ratios() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("conv1", 0.3);   // 67.2 -> 67
        m.put("bn1", 1.0);     // 16
        m.put("fc", 0.05);     // 16.5 -> 17 (halves round up)
        m.put("tiny", 0.5);    // 2.5 -> 3
        return LayerRatios.of(m);
    }

    private static int countInLayer(CoordinateMask mask, String layer) {
        int n = 0;
        for (ParameterSpace.Segment s : SPACE.segments()) {
            if (s.layer().equals(layer)) {
                n += mask.countIn(s.offset(), s.end());
            }
        }
        return n;
    }

    @Test
    void masksMatchLayerRatiosExactly() {
        MaskSampler sampler = new MaskSampler(SPACE, ratios(), 123, 5);
        assertEquals(67, sampler.keptCount("conv1"));
        assertEquals(17, sampler.keptCount("fc"));
        assertEquals(3, sampler.keptCount("tiny"));
        assertEquals(67 + 16 + 17 + 3, sampler.maskSize());
        for (int period = 0; period < 50; period++) {
            CoordinateMask m = sampler.maskForPeriod(period);
            assertEquals(sampler.maskSize(), m.size());
            for (String layer : SPACE.layers()) {
                assertEquals(sampler.keptCount(layer), countInLayer(m, layer), layer + " in period " + period);
            }
        }
    }

    @Test
    void masksFromScoreRatiosKeepTheRankedCountPerLayer() {
        double[] imp = new double[SPACE.dimension()];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < imp.length; i++) {
            imp[i] = r.nextDouble() * (i < 224 ? 2 : 1); // conv1 favoured
        }
        LayerRatios ratios = LayerRatios.fromScores(SPACE, imp, 0.9);
        MaskSampler sampler = new MaskSampler(SPACE, ratios, 1, 1);
        assertEquals(SPACE.dimension() - Math.round(0.9 * SPACE.dimension()), sampler.maskSize());
        int ranked = 0;
        // the kept count per layer equals what the global ranking kept there
        for (String layer : SPACE.layers()) {
            int size = LayerRatios.layerSizes(SPACE).get(layer);
            assertEquals(ratios.keepRatio(layer) * size, sampler.keptCount(layer), 1e-9);
            ranked += sampler.keptCount(layer);
        }
        assertEquals(sampler.maskSize(), ranked);
    }

    @Test
    void sameSeedSameMasksRedrawnEveryKSteps() {
        MaskSampler a = new MaskSampler(SPACE, ratios(), 99, 4);
        MaskSampler b = new MaskSampler(SPACE, ratios(), 99, 4);
        for (int step = 0; step < 12; step++) {
            assertEquals(a.maskForStep(step), b.maskForStep(step));
        }
        assertEquals(a.maskForStep(0), a.maskForStep(3));
        assertNotEquals(a.maskForStep(3), a.maskForStep(4));
        assertEquals(a.maskForStep(4), a.maskForStep(7));
        assertNotEquals(a.maskForStep(0), new MaskSampler(SPACE, ratios(), 100, 4).maskForStep(0));
    }

    @Test
    void everyCoordinateOfALayerIsEquallyLikely() {
        MaskSampler sampler = new MaskSampler(SPACE, ratios(), 5, 1);
        int periods = 4000;
        int[] hits = new int[SPACE.dimension()];
        for (int p = 0; p < periods; p++) {
            for (int i : sampler.maskForPeriod(p).indices()) {
                hits[i]++;
            }
        }
        ParameterSpace.Segment fc = SPACE.segment("fc.weight");
        double expected = periods * 17.0 / 330;
        double sd = Math.sqrt(expected * (1 - 17.0 / 330));
        for (int i = fc.offset(); i < fc.end(); i++) {
            assertTrue(Math.abs(hits[i] - expected) < 5 * sd, "coordinate " + i + ": " + hits[i] + " vs " + expected);
        }
        assertEquals(periods, hits[SPACE.segment("bn1.gamma").offset()]);
    }

    @Test
    void argumentsAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MaskSampler(SPACE, ratios(), 1, 0));
        assertTrue(e.getMessage().contains("0"));
        assertThrows(IllegalArgumentException.class, () -> new MaskSampler(SPACE, ratios(), 1, 1).maskForStep(-1));
        assertThrows(IllegalArgumentException.class,
                () -> new MaskSampler(SPACE, LayerRatios.of(Map.of("conv1", 0.5)), 1, 1));
        e = assertThrows(IllegalArgumentException.class, () -> new CoordinateMask(10, new int[] {3, 3}));
        assertTrue(e.getMessage().contains("3 then 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CoordinateMask(10, new int[] {10}));
    }
}
