package org.deepzero.coupling.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The physics of every method's test rollouts against the reference's over the same records (the
 * PDE decides what: the wake's Strouhal number and lift amplitude, Burgers' energy spectrum; see
 * {@link org.deepzero.solver.pde.CoupledPde#physics}): a corrected solver that lowers the error but
 * damps the dynamics shows here.
 */
public final class PhysicsComparison {
    private PhysicsComparison() {
    }

    /**
     * One quantity of one method on one group of rollouts.
     *
     * @param group     {@code all} or a group of rollouts (e.g. {@code Re=120})
     * @param method    the method
     * @param quantity  the PDE's name, e.g. {@code strouhal}
     * @param value     its mean over the method's seeds and the group's rollouts (NaN when one is NaN)
     * @param reference its mean over the reference on the same rollouts
     * @param samples   seeds x rollouts behind {@code value}
     */
    public record Row(String group, String method, String quantity, double value, double reference, int samples) {
        /** {@code value / reference - 1}. */
        public double relativeDifference() {
            return value / reference - 1;
        }
    }

    /**
     * @param groups group name to rollout indices, in report order
     * @return rows by group, then method, then quantity; empty when the PDE reports no physics
     */
    public static List<Row> of(Evaluation<?> ev, Map<String, int[]> groups) {
        TestRollouts<?> test = ev.rollouts();
        int n = test.starts().size();
        double[][][] refSignals = test.referenceSignals();
        List<Map<String, Double>> reference = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            reference.add(test.physics(i, refSignals[i]));
        }
        // method -> seed -> rollout -> quantities
        Map<String, List<List<Map<String, Double>>>> methods = new LinkedHashMap<>();
        ev.results().forEach((m, perSeed) -> {
            List<List<Map<String, Double>>> seeds = new ArrayList<>();
            for (TestRollouts.Result<?> r : perSeed) {
                List<Map<String, Double>> rollouts = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    rollouts.add(test.physics(i, r.signals()[i]));
                }
                seeds.add(rollouts);
            }
            methods.put(m, seeds);
        });
        List<Row> out = new ArrayList<>();
        if (n == 0 || reference.get(0).isEmpty()) {
            return out;
        }
        List<String> quantities = List.copyOf(reference.get(0).keySet());
        for (Map.Entry<String, int[]> g : groups.entrySet()) {
            for (Map.Entry<String, List<List<Map<String, Double>>>> m : methods.entrySet()) {
                for (String q : quantities) {
                    double sum = 0, ref = 0;
                    int count = 0;
                    for (int i : g.getValue()) {
                        ref += reference.get(i).get(q) / g.getValue().length;
                        for (List<Map<String, Double>> seed : m.getValue()) {
                            sum += seed.get(i).get(q);
                            count++;
                        }
                    }
                    out.add(new Row(g.getKey(), m.getKey(), q, sum / count, ref, count));
                }
            }
        }
        return out;
    }
}
