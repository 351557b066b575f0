package org.deepzero.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Mutated argument vectors of {@code deepzero}: valid, cheap base commands (check, a few simulation
 * steps, the tiny vision runs, compare) and the expensive ones (run, train, evaluate, reference), with
 * unknown flags, values of the wrong type or out of range, missing files, a file where a folder is
 * expected and the reverse, an output folder that cannot be written, tokens dropped or doubled. An
 * expensive command always gets one edit that makes it invalid (an unknown flag right after the
 * command word), so no fuzz case starts a long job; the other edits still vary what is checked first.
 */
final class ArgFuzz {
    private ArgFuzz() {
    }

    /** A base vector; {@code expensive} ones must never run. */
    record Base(List<String> args, boolean expensive) {
    }

    /** One edit of an argument vector. */
    interface ArgEdit {
        void apply(List<String> args);
    }

    static final List<String> INTS = List.of("0", "-1", "-5", "abc", "", "1.5", "2147483648", "1e3", "3", "2");
    static final List<String> DOUBLES = List.of("NaN", "-1", "1e400", "abc", "", "2", "0.5", "1e-20", "0");
    static final List<String> WORDS = List.of("bogus", "", "FO", "cge", "rge", "fo", "resnet20", "cnn", "random",
            "sol-zo", "zo-grasp", "non");
    static final List<String> UNKNOWN = List.of("--bogus-flag", "--stepz", "-q", "--steps-per-epoch", "--Out",
            "---", "-");

    static Gen<List<String>> vectors(FuzzFixture fx) {
        String tiny = fx.tinyCase.toString();
        String scratch = fx.root.resolve("scratch").toString();
        String params = fx.visionRun.resolve("final.params").toString();
        List<String> paths = List.of(
                fx.root.resolve("does-not-exist/x").toString(),          // missing
                fx.data.resolve("cifar10-train-000.bin").toString(),     // a file where a folder is expected
                fx.data.toString(),                                      // a folder where a file is expected
                fx.data.resolve("cifar10-train-000.bin").resolve("sub").toString(), // below a file
                "/proc/deepzero-fuzz/out",                               // cannot be created
                fx.root.resolve("meshes/cylinder.mesh").toString(),      // a text file that is no case
                fx.root.resolve("cases/karman-2d").toString(),           // a valid case
                scratch + "/out");                                       // a fresh folder
        Map<String, List<String>> pools = Map.ofEntries(
                Map.entry("--steps", INTS), Map.entry("--epochs", INTS), Map.entry("--batch", INTS),
                Map.entry("--width", INTS), Map.entry("--depth", INTS), Map.entry("--queries", INTS),
                Map.entry("--train-images", INTS), Map.entry("--test-images", INTS), Map.entry("--bn-images", INTS),
                Map.entry("--threads", INTS), Map.entry("--seed", INTS), Map.entry("--per-class", INTS),
                Map.entry("--mask-every", INTS), Map.entry("--progress", INTS),
                Map.entry("--lr", DOUBLES), Map.entry("--mu", DOUBLES), Map.entry("--momentum", DOUBLES),
                Map.entry("--weight-decay", DOUBLES), Map.entry("--sparsity", DOUBLES),
                Map.entry("--method", WORDS), Map.entry("--model", WORDS), Map.entry("--pruning", WORDS),
                Map.entry("--out", paths), Map.entry("--data", paths), Map.entry("--params", paths),
                Map.entry("--ratios", paths));
        List<String> options = List.copyOf(new java.util.TreeSet<>(pools.keySet()));

        List<Base> bases = new ArrayList<>();
        bases.add(new Base(List.of("check", tiny), false));
        bases.add(new Base(List.of("simulate", tiny, "--steps", "3", "--out", scratch + "/sim"), false));
        bases.add(new Base(List.of(fx.visionArgs("evaluate", "--params", params)), false));
        bases.add(new Base(List.of(fx.visionArgs("train", "--method", "rge", "--queries", "2", "--out",
                scratch + "/vision")), false));
        bases.add(new Base(List.of(fx.visionArgs("prune", "--sparsity", "0.9", "--pruning", "random", "--out",
                scratch + "/ratios.txt")), false));
        bases.add(new Base(List.of("compare", fx.root.toString()), false));
        bases.add(new Base(List.of("train", tiny, "--out", scratch + "/run"), true));
        bases.add(new Base(List.of("train", tiny, "--method", "sol-zo"), true));
        bases.add(new Base(List.of("run", tiny, "--out", scratch + "/run"), true));
        bases.add(new Base(List.of("evaluate", tiny), true));
        bases.add(new Base(List.of("reference", tiny), true));

        Gen<Double> where = Gen.fraction();
        Gen<ArgEdit> setOption = Gen.of(options).flatMap(o -> Gen.of(pools.get(o)).map(v -> (ArgEdit) a -> {
            int i = a.indexOf(o);
            if (i >= 0 && i + 1 < a.size()) {
                a.set(i + 1, v);
            } else {
                a.add(o);
                a.add(v);
            }
        }));
        Gen<ArgEdit> positional = Gen.of(paths).map(p -> (ArgEdit) a -> {
            if (a.size() > 1 && !a.get(0).equals("vision")) {
                a.set(1, p);
            } else {
                a.add(p);
            }
        });
        Gen<ArgEdit> remove = where.map(w -> (ArgEdit) a -> a.remove(at(w, a.size())));
        Gen<ArgEdit> duplicate = where.map(w -> (ArgEdit) a -> {
            int i = at(w, a.size());
            a.add(i, a.get(i));
        });
        Gen<String> unknownFlag = Gen.of(UNKNOWN);
        Gen<ArgEdit> unknown = r -> {
            double w = where.next(r);
            String f = unknownFlag.next(r);
            return a -> a.add(Math.max(1, at(w, a.size() + 1)), f);
        };
        Gen<List<ArgEdit>> edits = Gen.<ArgEdit>frequency(Gen.weight(5, setOption), Gen.weight(2, positional),
                Gen.weight(2, remove), Gen.weight(1, duplicate), Gen.weight(2, unknown)).list(1, 3);
        Gen<Base> base = Gen.of(bases);
        return r -> {
            Base b = base.next(r);
            List<String> a = new ArrayList<>(b.args());
            for (ArgEdit e : edits.next(r)) {
                if (!a.isEmpty()) {
                    e.apply(a);
                }
            }
            if (a.isEmpty()) {
                a.add(b.args().get(0));
            }
            if (b.expensive()) {
                // right after the command word: parsed as an option, never as the value of one
                a.set(0, b.args().get(0));
                a.add(1, "--bogus-flag");
            }
            return a;
        };
    }

    private static int at(double f, int n) {
        return n == 0 ? 0 : Math.min(n - 1, (int) (f * n));
    }
}
