package org.deepzero.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A seeded generator of test inputs: one value per call, drawn from the given random source, so a
 * fixed seed gives the same sequence on every run. Only the few combinators the fuzz tests need.
 * <p>
 * Our own instead of a property-testing library: the maintainer of the one we used (jqwik) has
 * asked that AI agents not use it, and we respect that wish.
 */
@FunctionalInterface
interface Gen<T> {
    /** The next value. */
    T next(SplittableRandom r);

    /** Values of this generator passed through {@code f}. */
    default <U> Gen<U> map(Function<? super T, ? extends U> f) {
        return r -> f.apply(next(r));
    }

    /** A generator chosen by a value of this one, then drawn from. */
    default <U> Gen<U> flatMap(Function<? super T, Gen<? extends U>> f) {
        return r -> f.apply(next(r)).next(r);
    }

    /** Lists of {@code min} to {@code max} (inclusive) values of this generator, the size uniform. */
    default Gen<List<T>> list(int min, int max) {
        return r -> {
            int n = min + r.nextInt(max - min + 1);
            List<T> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(next(r));
            }
            return List.copyOf(out);
        };
    }

    /** Integers in {@code [lo, hi]}, uniform. */
    static Gen<Integer> ints(int lo, int hi) {
        return r -> lo + r.nextInt(hi - lo + 1);
    }

    /** Longs in {@code [lo, hi]}, uniform. */
    static Gen<Long> longs(long lo, long hi) {
        return r -> lo + r.nextLong(hi - lo + 1);
    }

    /** Fractions in {@code [0, 1)}, uniform: positions relative to a length. */
    static Gen<Double> fraction() {
        return SplittableRandom::nextDouble;
    }

    /** Any byte. */
    static Gen<Byte> bytes() {
        return r -> (byte) r.nextInt(256);
    }

    /** True or false. */
    static Gen<Boolean> booleans() {
        return SplittableRandom::nextBoolean;
    }

    /** One of {@code values}, uniform. */
    static <T> Gen<T> of(List<T> values) {
        List<T> copy = List.copyOf(values);
        return r -> copy.get(r.nextInt(copy.size()));
    }

    /** One of {@code values}, uniform. */
    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        return of(List.of(values));
    }

    /** Always {@code value}. */
    static <T> Gen<T> just(T value) {
        return r -> value;
    }

    /** A value of one of {@code gens}, the generator chosen uniformly. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        List<Gen<? extends T>> all = List.of(gens);
        return r -> all.get(r.nextInt(all.size())).next(r);
    }

    /** A generator with its relative weight, for {@link #frequency}. */
    record Weighted<T>(int weight, Gen<? extends T> gen) {
        public Weighted {
            if (weight <= 0) {
                throw new IllegalArgumentException("weight must be positive: " + weight);
            }
        }
    }

    /** {@code gen} with weight {@code w}. */
    static <T> Weighted<T> weight(int w, Gen<? extends T> gen) {
        return new Weighted<>(w, gen);
    }

    /** A value of one of the generators, each chosen with probability proportional to its weight. */
    @SafeVarargs
    static <T> Gen<T> frequency(Weighted<? extends T>... choices) {
        List<Weighted<? extends T>> all = List.of(choices);
        int total = all.stream().mapToInt(Weighted::weight).sum();
        return r -> {
            int k = r.nextInt(total);
            for (Weighted<? extends T> w : all) {
                k -= w.weight();
                if (k < 0) {
                    return w.gen().next(r);
                }
            }
            throw new IllegalStateException("unreachable");
        };
    }
}
