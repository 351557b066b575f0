package org.deepzero.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Edits that turn a real input file into a damaged one, as seeded generators ({@link Gen}); a failing
 * case prints its edits, each small enough to read. Positions are fractions of the current length, so every edit applies
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

    private static Gen<Double> where() {
        return Gen.fraction();
    }

    /** 1 to 3 binary edits. */
    public static Gen<List<Edit>> binary() {
        return binaryEdit().list(1, 3);
    }

    /** 1 to 3 binary edits, one of them possibly a record label set out of range (for CIFAR-10). */
    public static Gen<List<Edit>> records(int recordBytes) {
        Gen<Integer> record = Gen.ints(0, 19);
        Gen<Integer> label = Gen.ints(10, 255);
        Gen<Edit> setLabel = r -> new SetByte(record.next(r), recordBytes, (byte) (int) label.next(r));
        Gen<Edit> wholeRecords = record.map(k -> new TruncateAt(k * (long) recordBytes));
        return Gen.<Edit>frequency(Gen.weight(3, binaryEdit()), Gen.weight(1, setLabel), Gen.weight(1, wholeRecords))
                .list(1, 3);
    }

    private static Gen<Edit> binaryEdit() {
        Gen<Double> w = where();
        Gen<Integer> bit = Gen.ints(0, 7);
        Gen<Integer> run = Gen.ints(1, 16);
        Gen<Integer> span = Gen.ints(1, 64);
        Gen<Integer> planted = Gen.of(0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 20, 7);
        Gen<Byte> value = Gen.bytes();
        return Gen.oneOf(
                w.map(Truncate::new),
                r -> new Flip(w.next(r), bit.next(r)),
                r -> new Overwrite(w.next(r), run.next(r), value.next(r)),
                r -> new Delete(w.next(r), span.next(r)),
                r -> new Duplicate(w.next(r), span.next(r)),
                r -> new PlantInt(w.next(r), planted.next(r)));
    }

    /** 1 to 3 text edits. */
    public static Gen<List<Edit>> text() {
        Gen<Double> w = where();
        Gen<String> token = Gen.of(TOKENS);
        Gen<String> suffix = Gen.of("x", "_", "-old", "S");
        Gen<String> line = Gen.of(LINES);
        Gen<Integer> bit = Gen.ints(0, 7);
        Gen<Edit> edit = Gen.oneOf(
                w.map(DeleteLine::new),
                w.map(DuplicateLine::new),
                r -> new SwapLines(w.next(r), w.next(r)),
                r -> new ReplaceValue(w.next(r), token.next(r)),
                r -> new MisspellKey(w.next(r), suffix.next(r)),
                r -> new InsertLine(w.next(r), line.next(r)),
                r -> new Flip(w.next(r), bit.next(r)),
                w.map(Truncate::new));
        return edit.list(1, 3);
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
