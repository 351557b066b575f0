package org.deepzero.zo.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepzero.zo.param.ParameterSpace;
import org.deepzero.common.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerRatiosTest {

    // layer "a" is split over two segments that are not adjacent
    static final ParameterSpace SPACE = ParameterSpace.builder()
            .add("a.weight", "a", 0, 4).add("b.weight", "b", 1, 6).add("a.bias", "a", 0, 2).build();

    @TempDir
    Path dir;

    @Test
    void globalRankingGivesPerLayerRatios() {
        //                  a.weight          b.weight                  a.bias
        double[] imp = {9, 1, 8, 2,     7, 0, 0, 6, 3, 0,        5, 4};
        // sparsity 0.5 of 12 -> keep 6: values 9, 8, 7, 6, 5, 4 -> a: 9, 8, 5, 4 (4 of 6), b: 7, 6 (2 of 6)
        LayerRatios r = LayerRatios.fromScores(SPACE, imp, 0.5);
        assertEquals(List.of("a", "b"), List.copyOf(r.asMap().keySet()));
        assertEquals(4.0 / 6, r.keepRatio("a"), 0.0);
        assertEquals(2.0 / 6, r.keepRatio("b"), 0.0);
        assertEquals(4, r.keptCount("a", 6));
        assertEquals(0.5, r.overallKeepRatio(SPACE), 0.0);
    }

    @Test
    void tiesAreBrokenByLowerIndexAndExtremesWork() {
        double[] flat = new double[12];
        LayerRatios r = LayerRatios.fromScores(SPACE, flat, 0.5); // keeps coordinates 0..5: a 4, b 2
        assertEquals(4.0 / 6, r.keepRatio("a"), 0.0);
        assertEquals(1.0, LayerRatios.fromScores(SPACE, flat, 0).keepRatio("b"), 0.0);
        assertEquals(0.0, LayerRatios.fromScores(SPACE, flat, 1).keepRatio("a"), 0.0);
    }

    /** The whole budget goes to the named layers, in proportion to size; what they cannot take spills over. */
    @Test
    void concentratedSpendsTheBudgetOnTheNamedLayers() {
        // a: 6 coordinates, b: 6
        LayerRatios onB = LayerRatios.concentrated(SPACE, List.of("b"), 4);
        assertEquals(4, onB.keptCount("b", 6));
        assertEquals(0, onB.keptCount("a", 6));
        LayerRatios spill = LayerRatios.concentrated(SPACE, List.of("b"), 9);
        assertEquals(6, spill.keptCount("b", 6));
        assertEquals(3, spill.keptCount("a", 6));
        assertEquals(9.0 / 12, spill.overallKeepRatio(SPACE), 0.0);
        // the default corrector's readout phase: 262 of 2618 coordinates, all on the 402 of conv3
        ParameterSpace corrector = ParameterSpace.builder().add("conv1.weight", "conv1", 0, 600)
                .add("conv1.bias", "conv1", 0, 8).add("conv2.weight", "conv2", 2, 1600).add("conv2.bias", "conv2", 2, 8)
                .add("conv3.weight", "conv3", 4, 400).add("conv3.bias", "conv3", 4, 2).build();
        MaskSampler masks = new MaskSampler(corrector, LayerRatios.concentrated(corrector, List.of("conv3"), 262), 7, 5);
        assertEquals(262, masks.maskSize());
        assertEquals(262, masks.keptCount("conv3"));
        assertThrows(IllegalArgumentException.class, () -> LayerRatios.concentrated(SPACE, List.of("c"), 1));
        assertThrows(IllegalArgumentException.class, () -> LayerRatios.concentrated(SPACE, List.of("a"), 13));
    }

    /** A collapsed layer (all-zero importance, as GraSP gives a zero-initialised layer) is raised to the floor. */
    @Test
    void atLeastRaisesCollapsedLayersOnly() {
        double[] imp = {9, 1, 8, 2, 0, 0, 0, 0, 0, 0, 5, 4};
        LayerRatios r = LayerRatios.fromScores(SPACE, imp, 0.5);
        assertEquals(0.0, r.keepRatio("b"), 0.0);
        LayerRatios floored = r.atLeast(0.25);
        assertEquals(0.25, floored.keepRatio("b"), 0.0);
        assertEquals(r.keepRatio("a"), floored.keepRatio("a"), 0.0);
        assertThrows(IllegalArgumentException.class, () -> r.atLeast(1.5));
    }

    @Test
    void saveAndLoadRoundTripExactly() {
        LayerRatios r = LayerRatios.of(orderedMap("conv1", 1.0 / 3, "layer2.0.conv = odd", 0.1, "fc", 1.0));
        Path file = dir.resolve("ratios.txt");
        r.save(file);
        assertEquals(r, LayerRatios.load(file));
    }

    @Test
    void loadReportsFileAndLine() throws IOException {
        Path file = dir.resolve("bad.txt");
        Files.write(file, List.of("# comment", "", "conv1 = 0.5", "fc = 1.5"));
        InputException e = assertThrows(InputException.class, () -> LayerRatios.load(file));
        assertTrue(e.getMessage().startsWith(file + ":4: ") && e.getMessage().contains("1.5"), e.getMessage());

        Files.write(file, List.of("conv1 0.5"));
        e = assertThrows(InputException.class, () -> LayerRatios.load(file));
        assertTrue(e.getMessage().startsWith(file + ":1: expected 'layer = ratio'"), e.getMessage());

        Files.write(file, List.of("conv1 = half"));
        e = assertThrows(InputException.class, () -> LayerRatios.load(file));
        assertTrue(e.getMessage().contains("'half' is not a number"), e.getMessage());

        Files.write(file, List.of("conv1 = 0.5", "conv1 = 0.25"));
        e = assertThrows(InputException.class, () -> LayerRatios.load(file));
        assertTrue(e.getMessage().contains(":2: layer 'conv1' appears twice"), e.getMessage());

        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        e = assertThrows(InputException.class, () -> LayerRatios.load(file));
        assertTrue(e.getMessage().startsWith(file + ": offset 0: not a layer-ratio file"), e.getMessage());

        Path missing = dir.resolve("missing.txt");
        e = assertThrows(InputException.class, () -> LayerRatios.load(missing));
        assertTrue(e.getMessage().startsWith(missing + ": no such"), e.getMessage());

        Files.write(file, List.of("conv1 = 0.5", "fc = 1"));
        e = assertThrows(InputException.class, () -> LayerRatios.load(file, SPACE));
        assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains("another model"), e.getMessage());
    }

    @Test
    void argumentsAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayerRatios.fromScores(SPACE, new double[12], 1.2));
        assertTrue(e.getMessage().contains("1.2"));
        double[] nan = new double[12];
        nan[7] = Double.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> LayerRatios.fromScores(SPACE, nan, 0.5));
        assertTrue(e.getMessage().contains("coordinate 7"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LayerRatios.fromScores(SPACE, new double[3], 0.5));
        e = assertThrows(IllegalArgumentException.class, () -> LayerRatios.of(Map.of("x", -0.1)));
        assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("-0.1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LayerRatios.of(Map.of("a", 0.5)).requireLayersOf(SPACE));
        assertTrue(e.getMessage().contains("'b'"), e.getMessage());
    }

    private static Map<String, Double> orderedMap(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Double) kv[i + 1]);
        }
        return m;
    }
}
