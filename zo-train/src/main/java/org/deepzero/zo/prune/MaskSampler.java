package org.deepzero.zo.prune;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.deepzero.zo.param.ParameterSpace;
import org.deepzero.common.Seeds;

/**
 * Draws the random coordinate masks of DeepZero's sparse training (Chen et al., ICLR 2024, sec. 4):
 * each layer contributes a uniformly random subset of <em>exactly</em> {@code round(ratio * layerSize)}
 * of its coordinates ({@link Math#round(double)}: halves round up), and a new mask is drawn every
 * {@code k} steps.
 * <p>
 * The mask of step s is a pure function of (seed, s / k): it is drawn from a generator seeded with
 * {@code Seeds.mix(maskSeed, s / k)}, where {@code maskSeed} is derived from the run seed with a fixed
 * salt so that masks do not share a stream with the trainer's per-step generators. A resumed run
 * therefore sees the same masks. Layers are sampled in {@link ParameterSpace#layers()} order with a
 * partial Fisher-Yates shuffle. Immutable and thread-safe.
 */
public final class MaskSampler {

    private static final long MASK_SALT = 0x6d61736b73616d70L; // "masksamp"

    private final int dimension;
    private final long maskSeed;
    private final int redrawEvery;
    private final List<String> layers;
    private final Map<String, int[]> coordinates;
    private final Map<String, Integer> kept;
    private final int maskSize;

    /**
     * @param space       the coordinate layout
     * @param ratios      keep ratio of every layer of {@code space}
     * @param seed        the run seed
     * @param redrawEvery k, the number of steps a mask is used for, at least 1
     * @throws IllegalArgumentException if a layer lacks a ratio or {@code redrawEvery < 1}
     */
    public MaskSampler(ParameterSpace space, LayerRatios ratios, long seed, int redrawEvery) {
        Objects.requireNonNull(space, "space");
        ratios.requireLayersOf(space);
        if (redrawEvery < 1) {
            throw new IllegalArgumentException("mask redraw interval must be >= 1 step, got " + redrawEvery);
        }
        this.dimension = space.dimension();
        this.maskSeed = Seeds.mix(seed, MASK_SALT);
        this.redrawEvery = redrawEvery;
        this.layers = space.layers();
        Map<String, int[]> coords = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : LayerRatios.layerSizes(space).entrySet()) {
            coords.put(e.getKey(), new int[e.getValue()]);
        }
        Map<String, Integer> filled = new LinkedHashMap<>();
        for (ParameterSpace.Segment s : space.segments()) {
            int[] c = coords.get(s.layer());
            int at = filled.getOrDefault(s.layer(), 0);
            for (int i = 0; i < s.length(); i++) {
                c[at + i] = s.offset() + i;
            }
            filled.put(s.layer(), at + s.length());
        }
        this.coordinates = coords;
        Map<String, Integer> k = new LinkedHashMap<>();
        int total = 0;
        for (String layer : layers) {
            int n = ratios.keptCount(layer, coords.get(layer).length);
            k.put(layer, n);
            total += n;
        }
        this.kept = k;
        this.maskSize = total;
    }

    /** The mask used at 0-based step {@code step}: that of period {@code step / k}. */
    public CoordinateMask maskForStep(int step) {
        if (step < 0) {
            throw new IllegalArgumentException("negative step index " + step);
        }
        return maskForPeriod(step / redrawEvery);
    }

    /** The mask of redraw period {@code period >= 0}. */
    public CoordinateMask maskForPeriod(long period) {
        if (period < 0) {
            throw new IllegalArgumentException("negative mask period " + period);
        }
        SplittableRandom random = new SplittableRandom(Seeds.mix(maskSeed, period));
        int[] out = new int[maskSize];
        int at = 0;
        for (String layer : layers) {
            int[] pool = coordinates.get(layer).clone();
            int k = kept.get(layer);
            // partial Fisher-Yates: the first k slots become a uniform random k-subset
            for (int i = 0; i < k; i++) {
                int j = i + random.nextInt(pool.length - i);
                int t = pool[i];
                pool[i] = pool[j];
                pool[j] = t;
            }
            System.arraycopy(pool, 0, out, at, k);
            at += k;
        }
        Arrays.sort(out);
        return new CoordinateMask(dimension, out);
    }

    /** Number of coordinates in every mask. */
    public int maskSize() {
        return maskSize;
    }

    /** Number of coordinates of {@code layer} in every mask: {@code round(ratio * layerSize)}. */
    public int keptCount(String layer) {
        Integer k = kept.get(layer);
        if (k == null) {
            throw new IllegalArgumentException("unknown layer '" + layer + "'; layers: " + layers);
        }
        return k;
    }

    /** k, the number of steps each mask is used for. */
    public int redrawEvery() {
        return redrawEvery;
    }
}
