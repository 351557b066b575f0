package org.deepzero.solver.pde;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The named physical parameters of one run of a case, such as {@code {reynolds: 140}} or
 * {@code {viscosity: 0.1, forcing_seed: 3}}: what tells the solvers (and the corrector's parameter
 * channels) of one reference trajectory apart. Immutable; equal when the values are equal (the
 * labels are the PDE's way of printing them).
 *
 * @param values name to value, in the PDE's order
 * @param label  short human form, e.g. {@code Re=140}
 * @param tag    file-name form, e.g. {@code re140}
 */
public record CaseParameters(Map<String, Double> values, String label, String tag) {
    /** Copies the map, keeping its order. */
    public CaseParameters {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a case needs at least one parameter");
        }
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(tag, "tag");
    }

    /** The value of parameter {@code name}. */
    public double get(String name) {
        Double v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no parameter '" + name + "' in " + values);
        }
        return v;
    }

    /** The parameter names, in order. */
    public List<String> names() {
        return List.copyOf(values.keySet());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CaseParameters p && p.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }

    /** {@code 150} rather than {@code 150.0}: the number form of labels and tags. */
    public static String trim(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
