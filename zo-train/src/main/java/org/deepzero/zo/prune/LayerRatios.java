package org.deepzero.zo.prune;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepzero.common.AtomicFiles;
import org.deepzero.common.InputException;
import org.deepzero.zo.param.ParameterSpace;

/**
 * Layer-wise keep ratios: for each layer (as named by {@link ParameterSpace#layers()}), the fraction of
 * its coordinates that stays trainable. DeepZero (Chen et al., ICLR 2024, sec. 4) obtains them by
 * pruning at initialization (ZO-GraSP) and then trains, at every step, a random subset of each layer
 * of exactly that size ({@link MaskSampler}); the ranking itself is discarded, only the ratios are kept.
 * <p>
 * Text file format (one layer per line, {@code #} starts a comment, order as in the parameter space):
 * <pre>
 * # DeepZero-J layer-wise keep ratios
 * conv1 = 0.4921875
 * fc = 0.1
 * </pre>
 * Values are written with {@link Double#toString}, so they read back bit-exactly. Immutable.
 */
public final class LayerRatios {

    private final Map<String, Double> keep;

    private LayerRatios(Map<String, Double> keep) {
        this.keep = Collections.unmodifiableMap(new LinkedHashMap<>(keep));
    }

    /**
     * Ratios given explicitly, in layer order.
     *
     * @throws IllegalArgumentException naming the layer if a ratio is outside [0, 1]
     */
    public static LayerRatios of(Map<String, Double> keepRatios) {
        for (Map.Entry<String, Double> e : keepRatios.entrySet()) {
            checkRatio(e.getKey(), e.getValue());
        }
        return new LayerRatios(keepRatios);
    }

    /** The same keep ratio for every layer of {@code space}. */
    public static LayerRatios uniform(ParameterSpace space, double keepRatio) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String layer : space.layers()) {
            m.put(layer, keepRatio);
        }
        return of(m);
    }

    /**
     * Global ranking to a target sparsity (GraSP and SNIP rank all coordinates of the network together):
     * the {@code K = dimension - round(sparsity * dimension)} coordinates of highest importance are kept,
     * ties broken by lower coordinate index; each layer's ratio is its kept count over its size.
     *
     * @param space      the coordinate layout; layers as in {@link ParameterSpace#layers()}
     * @param importance one value per coordinate, higher = kept (see {@link PruningScore})
     * @param sparsity   fraction of all coordinates pruned, in [0, 1]
     * @throws IllegalArgumentException if the lengths differ, the sparsity is outside [0, 1], or an
     *                                  importance is NaN (its index is named)
     */
    public static LayerRatios fromScores(ParameterSpace space, double[] importance, double sparsity) {
        int n = space.dimension();
        if (importance.length != n) {
            throw new IllegalArgumentException("importance has " + importance.length + " entries, the space has " + n);
        }
        if (!(sparsity >= 0 && sparsity <= 1)) {
            throw new IllegalArgumentException("sparsity must be in [0, 1], got " + sparsity);
        }
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(importance[i])) {
                throw new IllegalArgumentException("importance of coordinate " + i + " is NaN");
            }
        }
        int kept = n - (int) Math.round(sparsity * n);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // descending importance; Arrays.sort on objects is stable, so ties keep the lower index first
        Arrays.sort(order, (a, b) -> Double.compare(importance[b], importance[a]));
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (String layer : space.layers()) {
            counts.put(layer, new int[2]);
        }
        for (ParameterSpace.Segment s : space.segments()) {
            counts.get(s.layer())[1] += s.length();
        }
        for (int r = 0; r < kept; r++) {
            counts.get(space.segmentOf(order[r]).layer())[0]++;
        }
        Map<String, Double> ratios = new LinkedHashMap<>();
        counts.forEach((layer, c) -> ratios.put(layer, (double) c[0] / c[1]));
        return new LayerRatios(ratios);
    }

    /**
     * A budget of {@code budget} coordinates spent on {@code layers} alone, in proportion to their sizes
     * (each ratio capped at 1); what those layers cannot take goes to the other layers in proportion to
     * theirs. For a start where some layers are zero: there a coordinate of any earlier layer changes
     * nothing downstream, so its finite difference is exactly zero and its query is wasted.
     *
     * @param space  the coordinate layout
     * @param layers the layers to spend the budget on, each a layer of {@code space}
     * @param budget coordinates per mask, in [0, dimension]
     * @throws IllegalArgumentException for an unknown layer or a budget outside [0, dimension]
     */
    public static LayerRatios concentrated(ParameterSpace space, java.util.Collection<String> layers, int budget) {
        Map<String, Integer> sizes = layerSizes(space);
        for (String layer : layers) {
            if (!sizes.containsKey(layer)) {
                throw new IllegalArgumentException("unknown layer '" + layer + "'; layers: " + sizes.keySet());
            }
        }
        if (budget < 0 || budget > space.dimension()) {
            throw new IllegalArgumentException("budget must be in [0, " + space.dimension() + "], got " + budget);
        }
        int inside = layers.stream().distinct().mapToInt(sizes::get).sum();
        int outside = space.dimension() - inside;
        int spill = Math.max(0, budget - inside);
        Map<String, Double> ratios = new LinkedHashMap<>();
        sizes.forEach((layer, size) -> ratios.put(layer, layers.contains(layer)
                ? Math.min(1.0, (double) budget / inside)
                : outside == 0 ? 0.0 : (double) spill / outside));
        return of(ratios);
    }

    /** Layers in order, with their keep ratios. */
    public Map<String, Double> asMap() {
        return keep;
    }

    /**
     * These ratios with every layer raised to at least {@code minimumKeep}. Pruning scores can give a
     * whole layer zero importance (layer collapse: GraSP's −θ⊙Hg is 0 on a layer whose weights start at
     * zero), and a layer whose coordinates are never queried never moves.
     *
     * @param minimumKeep the least keep ratio of any layer, in [0, 1]
     */
    public LayerRatios atLeast(double minimumKeep) {
        checkRatio("minimum", minimumKeep);
        Map<String, Double> raised = new java.util.LinkedHashMap<>();
        asMap().forEach((layer, r) -> raised.put(layer, Math.max(r, minimumKeep)));
        return new LayerRatios(raised);
    }

    /**
     * The keep ratio of {@code layer}.
     *
     * @throws IllegalArgumentException if the layer has no ratio
     */
    public double keepRatio(String layer) {
        Double r = keep.get(layer);
        if (r == null) {
            throw new IllegalArgumentException("no keep ratio for layer '" + layer + "'; layers: " + keep.keySet());
        }
        return r;
    }

    /**
     * Number of coordinates kept in a layer of {@code size} coordinates: {@code round(ratio * size)},
     * rounding halves up ({@link Math#round(double)}). For ratios made by {@link #fromScores} this is
     * exactly the count the ranking kept.
     */
    public int keptCount(String layer, int size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative layer size " + size);
        }
        return (int) Math.round(keepRatio(layer) * size);
    }

    /** Fraction of all coordinates of {@code space} kept (1 - global sparsity). */
    public double overallKeepRatio(ParameterSpace space) {
        long kept = 0;
        for (Map.Entry<String, Integer> e : layerSizes(space).entrySet()) {
            kept += keptCount(e.getKey(), e.getValue());
        }
        return (double) kept / space.dimension();
    }

    /**
     * Checks that these ratios name exactly the layers of {@code space}.
     *
     * @throws IllegalArgumentException naming a missing or unknown layer
     */
    public void requireLayersOf(ParameterSpace space) {
        String problem = layerMismatch(space);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** What is wrong with these ratios for the layers of {@code space}, or null when they fit. */
    private String layerMismatch(ParameterSpace space) {
        for (String layer : space.layers()) {
            if (!keep.containsKey(layer)) {
                return "no keep ratio for layer '" + layer + "'";
            }
        }
        for (String layer : keep.keySet()) {
            if (!space.layers().contains(layer)) {
                return "keep ratio for unknown layer '" + layer + "'; the model has " + space.layers();
            }
        }
        return null;
    }

    /** Number of coordinates of each layer of {@code space}, in layer order. */
    static Map<String, Integer> layerSizes(ParameterSpace space) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (ParameterSpace.Segment s : space.segments()) {
            sizes.merge(s.layer(), s.length(), Integer::sum);
        }
        return sizes;
    }

    /** Writes the ratios to {@code file} atomically ({@link AtomicFiles}). */
    public void save(Path file) {
        List<String> lines = new ArrayList<>();
        lines.add("# DeepZero-J layer-wise keep ratios: fraction of each layer's coordinates trained (1 = dense)");
        keep.forEach((layer, r) -> lines.add(layer + " = " + r));
        try {
            AtomicFiles.writeLines(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write layer ratios " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads ratios written by {@link #save}.
     *
     * @throws InputException naming file and line for a malformed line, a duplicate layer or a
     *                                  ratio outside [0, 1]
     */
    public static LayerRatios load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputException(file, null, "no such layer-ratio file");
        } catch (CharacterCodingException e) {
            throw new InputException(file, "offset " + firstInvalidByte(file),
                    "not a layer-ratio file (not UTF-8 text)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read layer ratios " + file + ": " + e.getMessage(), e);
        }
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (i + 1) + ": ";
            int eq = line.lastIndexOf('=');
            if (eq <= 0) {
                throw new InputException(file, where + "expected 'layer = ratio', got '" + line + "'");
            }
            String layer = line.substring(0, eq).strip();
            double r;
            try {
                r = Double.parseDouble(line.substring(eq + 1).strip());
            } catch (NumberFormatException e) {
                throw new InputException(file, where + "ratio '" + line.substring(eq + 1).strip()
                        + "' is not a number");
            }
            if (m.containsKey(layer)) {
                throw new InputException(file, where + "layer '" + layer + "' appears twice");
            }
            try {
                checkRatio(layer, r);
            } catch (IllegalArgumentException e) {
                throw new InputException(file, where + e.getMessage(), e);
            }
            m.put(layer, r);
        }
        return new LayerRatios(m);
    }

    /**
     * Reads ratios written by {@link #save} for a model of parameter layout {@code space}.
     *
     * @throws InputException naming the file for a malformed file or ratios of other layers
     */
    public static LayerRatios load(Path file, ParameterSpace space) {
        LayerRatios r = load(file);
        String problem = r.layerMismatch(space);
        if (problem != null) {
            throw new InputException(file, null, problem + " (the ratios are of another model)");
        }
        return r;
    }

    /** Offset of the first byte that is not UTF-8, or -1 when the file cannot be read again. */
    private static long firstInvalidByte(Path file) {
        try {
            java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(Files.readAllBytes(file));
            java.nio.CharBuffer out = java.nio.CharBuffer.allocate(in.remaining() + 1);
            return StandardCharsets.UTF_8.newDecoder().decode(in, out, true).isError() ? in.position() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static void checkRatio(String layer, Double r) {
        if (r == null || !(r >= 0 && r <= 1)) {
            throw new IllegalArgumentException("keep ratio of layer '" + layer + "' must be in [0, 1], got " + r);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerRatios l && l.keep.equals(keep);
    }

    @Override
    public int hashCode() {
        return keep.hashCode();
    }

    @Override
    public String toString() {
        return "LayerRatios" + keep;
    }
}
