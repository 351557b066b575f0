package org.deepzero.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Edits that turn a real input file into a damaged one, as jqwik arbitraries (so failures shrink to
 * the fewest, smallest edits). Positions are fractions of the current length, so every edit applies
 * to any file. Binary edits: truncation, bit flips, overwritten runs, deleted and duplicated runs, a
 * 32-bit big-endian integer planted (length fields), a record's first byte set (CIFAR labels). Text
 * edits: lines deleted, duplicated, swapped, a value replaced by a hostile token, a key misspelt, a
 * junk line inserted, a byte flipped, the text cut.
 */
public final class Mutations {
    private Mutations() {
    }

    /** One edit of a byte array. */
    public interface Edit {
        byte[] apply(byte[] in);
    }

    /** Values planted into text files: wrong types, out-of-range numbers, paths that do not exist. */
    static final List<String> TOKENS = List.of("", "0", "-1", "-0", "1e400", "NaN", "Infinity", "abc", "1,2,,3",
            "3.5", "2147483648", "99999999", "1e-300", "0.0001", "10", "100000", "/nonexistent/deepzero/file",
            "..", "conv3x3:0", "lrelu", "#", "[x]", "0x10", " = ", "1 2 3", "periodic", "semi-lagrangian",
            "conv5x5:8,lrelu,conv5x5:2", "sol-zo, sol-zo", "zo-grasp", "\u00e9\u00e8", "0.5", "1", "2");

    /** Lines inserted into text files: sections, keys and shapes in and out of place. */
    static final List<String> LINES = List.of("[bogus]", "[grid]", "[training]", "key_without_value", "= 3",
            "nx = 10", "steps = 0", "circle 1 1 1", "circle 0.5 0.5 -1", "domain -1 2", "domain 2 1",
            "rectangle 0 0 0 0", "polygon 0 0 1", "polygon 0 0 1 0 1 1", "conv1 = 0.5", "conv1 = 2",
            "dense = 0.1", "x = NaN", "\u0000\u00ff", "[corrector]", "unknown_key = 1", "# comment only");

    private static Arbitrary<Double> where() {
        return Arbitraries.doubles().between(0, 1);
    }

    /** 1 to 3 binary edits. */
    public static Arbitrary<List<Edit>> binary() {
        return binaryEdit().list().ofMinSize(1).ofMaxSize(3);
    }

    /** 1 to 3 binary edits, one of them possibly a record label set out of range (for CIFAR-10). */
    public static Arbitrary<List<Edit>> records(int recordBytes) {
        Arbitrary<Edit> label = Combinators.combine(Arbitraries.integers().between(0, 19),
                Arbitraries.integers().between(10, 255)).as((r, v) -> new SetByte(r, recordBytes, (byte) (int) v));
        Arbitrary<Edit> wholeRecords = Arbitraries.integers().between(0, 19)
                .map(r -> (Edit) new TruncateAt(r * (long) recordBytes));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, binaryEdit()), net.jqwik.api.Tuple.of(1, label),
                net.jqwik.api.Tuple.of(1, wholeRecords)).list().ofMinSize(1).ofMaxSize(3);
    }

    private static Arbitrary<Edit> binaryEdit() {
        return Arbitraries.oneOf(
                where().map(Truncate::new),
                Combinators.combine(where(), Arbitraries.integers().between(0, 7)).as(Flip::new),
                Combinators.combine(where(), Arbitraries.integers().between(1, 16), Arbitraries.bytes())
                        .as(Overwrite::new),
                Combinators.combine(where(), Arbitraries.integers().between(1, 64)).as(Delete::new),
                Combinators.combine(where(), Arbitraries.integers().between(1, 64)).as(Duplicate::new),
                Combinators.combine(where(), Arbitraries.of(0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 20, 7))
                        .as(PlantInt::new));
    }

    /** 1 to 3 text edits. */
    public static Arbitrary<List<Edit>> text() {
        Arbitrary<Edit> edit = Arbitraries.oneOf(
                where().map(DeleteLine::new),
                where().map(DuplicateLine::new),
                Combinators.combine(where(), where()).as(SwapLines::new),
                Combinators.combine(where(), Arbitraries.of(TOKENS)).as(ReplaceValue::new),
                Combinators.combine(where(), Arbitraries.of("x", "_", "-old", "S")).as(MisspellKey::new),
                Combinators.combine(where(), Arbitraries.of(LINES)).as(InsertLine::new),
                Combinators.combine(where(), Arbitraries.integers().between(0, 7)).as(Flip::new),
                where().map(Truncate::new));
        return edit.list().ofMinSize(1).ofMaxSize(3);
    }

    /** Applies edits in order. */
    public static byte[] apply(byte[] base, List<? extends Edit> edits) {
        byte[] b = base;
        for (Edit e : edits) {
            b = e.apply(b);
        }
        return b;
    }

    private static int at(double f, int length) {
        return length == 0 ? 0 : Math.min(length - 1, (int) (f * length));
    }

    record Truncate(double fraction) implements Edit {
        public byte[] apply(byte[] in) {
            return Arrays.copyOf(in, (int) (fraction * in.length));
        }
    }

    record TruncateAt(long length) implements Edit {
        public byte[] apply(byte[] in) {
            return Arrays.copyOf(in, (int) Math.min(in.length, length));
        }
    }

    record Flip(double where, int bit) implements Edit {
        public byte[] apply(byte[] in) {
            byte[] out = in.clone();
            if (out.length > 0) {
                out[at(where, out.length)] ^= (byte) (1 << bit);
            }
            return out;
        }
    }

    record Overwrite(double where, int length, byte value) implements Edit {
        public byte[] apply(byte[] in) {
            byte[] out = in.clone();
            int from = at(where, out.length);
            Arrays.fill(out, from, Math.min(out.length, from + length), value);
            return out;
        }
    }

    record Delete(double where, int length) implements Edit {
        public byte[] apply(byte[] in) {
            int from = at(where, in.length), to = Math.min(in.length, from + length);
            byte[] out = new byte[in.length - (to - from)];
            System.arraycopy(in, 0, out, 0, from);
            System.arraycopy(in, to, out, from, in.length - to);
            return out;
        }
    }

    record Duplicate(double where, int length) implements Edit {
        public byte[] apply(byte[] in) {
            int from = at(where, in.length), to = Math.min(in.length, from + length);
            byte[] out = new byte[in.length + (to - from)];
            System.arraycopy(in, 0, out, 0, to);
            System.arraycopy(in, from, out, to, in.length - from);
            return out;
        }
    }

    record PlantInt(double where, int value) implements Edit {
        public byte[] apply(byte[] in) {
            byte[] out = in.clone();
            int from = at(where, out.length);
            for (int k = 0; k < 4 && from + k < out.length; k++) {
                out[from + k] = (byte) (value >>> (24 - 8 * k));
            }
            return out;
        }
    }

    record SetByte(int record, int recordBytes, byte value) implements Edit {
        public byte[] apply(byte[] in) {
            byte[] out = in.clone();
            long pos = (long) record * recordBytes;
            if (pos < out.length) {
                out[(int) pos] = value;
            }
            return out;
        }
    }

    /** Text edits work on lines of UTF-8 text. */
    abstract static class LineEdit implements Edit {
        public final byte[] apply(byte[] in) {
            List<String> lines = new ArrayList<>(Arrays.asList(new String(in, StandardCharsets.UTF_8).split("\n", -1)));
            edit(lines);
            return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        }

        abstract void edit(List<String> lines);

        @Override
        public String toString() {
            return getClass().getSimpleName();
        }
    }

    static final class DeleteLine extends LineEdit {
        final double where;

        DeleteLine(double where) {
            this.where = where;
        }

        void edit(List<String> lines) {
            lines.remove(at(where, lines.size()));
        }

        @Override
        public String toString() {
            return "DeleteLine(" + where + ")";
        }
    }

    static final class DuplicateLine extends LineEdit {
        final double where;

        DuplicateLine(double where) {
            this.where = where;
        }

        void edit(List<String> lines) {
            int i = at(where, lines.size());
            lines.add(i, lines.get(i));
        }

        @Override
        public String toString() {
            return "DuplicateLine(" + where + ")";
        }
    }

    static final class SwapLines extends LineEdit {
        final double a;
        final double b;

        SwapLines(double a, double b) {
            this.a = a;
            this.b = b;
        }

        void edit(List<String> lines) {
            java.util.Collections.swap(lines, at(a, lines.size()), at(b, lines.size()));
        }

        @Override
        public String toString() {
            return "SwapLines(" + a + ", " + b + ")";
        }
    }

    /** Replaces the value of the {@code where}-th {@code key = value} (or {@code shape numbers}) line. */
    static final class ReplaceValue extends LineEdit {
        final double where;
        final String token;

        ReplaceValue(double where, String token) {
            this.where = where;
            this.token = token;
        }

        void edit(List<String> lines) {
            List<Integer> candidates = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                String t = lines.get(i).strip();
                if (!t.isEmpty() && !t.startsWith("#") && !t.startsWith("[")) {
                    candidates.add(i);
                }
            }
            if (candidates.isEmpty()) {
                return;
            }
            int i = candidates.get(at(where, candidates.size()));
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String text = hash >= 0 ? line.substring(0, hash) : line;
            int eq = text.indexOf('=');
            if (eq >= 0) {
                lines.set(i, text.substring(0, eq + 1) + " " + token);
            } else {
                // a mesh line "shape a b c": replace one of its numbers
                String[] parts = text.strip().split("\\s+");
                int k = parts.length == 1 ? 0 : 1 + at(where * 7 % 1, parts.length - 1);
                parts[k] = token;
                lines.set(i, String.join(" ", parts));
            }
        }

        @Override
        public String toString() {
            return "ReplaceValue(" + where + ", '" + token + "')";
        }
    }

    static final class MisspellKey extends LineEdit {
        final double where;
        final String suffix;

        MisspellKey(double where, String suffix) {
            this.where = where;
            this.suffix = suffix;
        }

        void edit(List<String> lines) {
            int i = at(where, lines.size());
            String line = lines.get(i);
            int eq = line.indexOf('=');
            if (eq > 0) {
                lines.set(i, line.substring(0, eq).strip() + suffix + " " + line.substring(eq));
            } else if (line.startsWith("[") && line.contains("]")) {
                lines.set(i, line.replace("]", suffix + "]"));
            } else {
                lines.set(i, suffix + line);
            }
        }

        @Override
        public String toString() {
            return "MisspellKey(" + where + ", '" + suffix + "')";
        }
    }

    static final class InsertLine extends LineEdit {
        final double where;
        final String line;

        InsertLine(double where, String line) {
            this.where = where;
            this.line = line;
        }

        void edit(List<String> lines) {
            lines.add(at(where, lines.size() + 1), line);
        }

        @Override
        public String toString() {
            return "InsertLine(" + where + ", '" + line + "')";
        }
    }
}
