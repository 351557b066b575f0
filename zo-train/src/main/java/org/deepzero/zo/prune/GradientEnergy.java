package org.deepzero.zo.prune;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.deepzero.zo.estimate.SparseCge;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.param.ParameterSpace;
import org.deepzero.zo.query.QueryExecutor;

/**
 * Measures each layer's mean squared gradient entry by forward differences on a random sample of its
 * coordinates (the input of {@link LayerRatios#byGradientEnergy}). Spends one query per sampled
 * coordinate plus one for the base point.
 */
public final class GradientEnergy {
    private GradientEnergy() {
    }

    /**
     * @param share    fraction of each layer's coordinates sampled, in (0, 1]
     * @param minimum  least coordinates sampled per layer (all of a smaller layer)
     * @param mu       finite-difference step
     * @param random   draws the samples
     * @return every layer of the objective's space to the mean of its sampled {@code ĝ_i²}
     */
    public static Map<String, Double> measure(Objective objective, double[] theta, QueryExecutor executor,
                                              double share, int minimum, double mu, SplittableRandom random) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("sample share must be in (0, 1], got " + share);
        }
        ParameterSpace space = objective.space();
        Map<String, int[]> coordinates = new LinkedHashMap<>();
        Map<String, Integer> sizes = LayerRatios.layerSizes(space);
        Map<String, Integer> filled = new LinkedHashMap<>();
        sizes.forEach((layer, size) -> coordinates.put(layer, new int[size]));
        for (ParameterSpace.Segment s : space.segments()) {
            int[] c = coordinates.get(s.layer());
            int at = filled.getOrDefault(s.layer(), 0);
            for (int i = 0; i < s.length(); i++) {
                c[at + i] = s.offset() + i;
            }
            filled.put(s.layer(), at + s.length());
        }
        boolean[] mask = new boolean[space.dimension()];
        Map<String, int[]> sampled = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : coordinates.entrySet()) {
            int[] pool = e.getValue().clone();
            int k = Math.min(pool.length, Math.max(minimum, (int) Math.round(share * pool.length)));
            for (int i = 0; i < k; i++) { // partial Fisher-Yates: a uniform k-subset
                int j = i + random.nextInt(pool.length - i);
                int t = pool[i];
                pool[i] = pool[j];
                pool[j] = t;
                mask[pool[i]] = true;
            }
            sampled.put(e.getKey(), java.util.Arrays.copyOf(pool, k));
        }
        double[] g = new SparseCge(() -> mask, mu).estimate(objective, theta, executor, random).gradient();
        Map<String, Double> out = new LinkedHashMap<>();
        sampled.forEach((layer, idx) -> {
            double sum = 0;
            for (int i : idx) {
                sum += g[i] * g[i];
            }
            out.put(layer, idx.length == 0 ? 0.0 : sum / idx.length);
        });
        return out;
    }
}
