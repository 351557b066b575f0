package org.deepzero.solver.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A generic reader of INI-style case files, shared by every module that owns sections of a case.
 *
 * <p>Format: {@code [section]} headers; {@code key = value} lines; {@code #} starts a comment
 * (anywhere on a line); blank lines are ignored. Section and key names are lower-case letters,
 * digits, {@code _}, {@code -} and {@code .}. A key or section given twice is an error.
 *
 * <p>Each module reads the sections it owns through {@link Section}'s typed getters, which mark
 * keys consumed, then calls {@link Section#rejectUnknownKeys()} so a misspelt key is an error
 * rather than silently ignored. Sections a module does not own are left alone. Errors are
 * {@link InputException}s with {@code file:line: [section] key: problem}.
 *
 * <p>Not thread-safe (consumption tracking); read and validate on one thread.
 */
public final class CaseFile {
    private static final Pattern NAME = Pattern.compile("[a-z0-9_.-]+");

    private final Path file;
    private final Map<String, Section> sections;

    private CaseFile(Path file, Map<String, Section> sections) {
        this.file = file;
        this.sections = sections;
    }

    /** The case file of a case folder ({@code case.conf} in it), or the path itself when it is a file. */
    public static Path locate(Path caseDirOrFile) {
        return Files.isDirectory(caseDirOrFile) ? caseDirOrFile.resolve("case.conf") : caseDirOrFile;
    }

    /**
     * Parses a case file.
     *
     * @param file the file
     * @return the parsed sections
     * @throws InputException on unreadable files and syntax errors
     */
    public static CaseFile read(Path file) {
        return parse(file, TextFiles.readLines(file, "case file"));
    }

    /**
     * Parses case text (for tests and generated cases).
     *
     * @param file  the name to put in messages (and to resolve relative paths against)
     * @param lines the lines
     * @return the parsed sections
     */
    public static CaseFile parse(Path file, List<String> lines) {
        Map<String, Section> sections = new LinkedHashMap<>();
        Section current = null;
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1);
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (text.isEmpty()) {
                continue;
            }
            if (text.startsWith("[")) {
                if (!text.endsWith("]")) {
                    throw new InputException(file, n, null, null, "section header must look like [name], got '" + text + "'");
                }
                String name = text.substring(1, text.length() - 1).strip();
                if (!NAME.matcher(name).matches()) {
                    throw new InputException(file, n, null, null, "bad section name '" + name + "'");
                }
                if (sections.containsKey(name)) {
                    throw new InputException(file, n, name, null, "section given twice (first on line "
                            + sections.get(name).line + ")");
                }
                current = new Section(file, name, n);
                sections.put(name, current);
                continue;
            }
            int eq = text.indexOf('=');
            if (eq < 0) {
                throw new InputException(file, n, current == null ? null : current.name, null,
                        "expected 'key = value', got '" + text + "'");
            }
            String key = text.substring(0, eq).strip();
            String value = text.substring(eq + 1).strip();
            if (current == null) {
                throw new InputException(file, n, null, key, "key outside any [section]");
            }
            if (!NAME.matcher(key).matches()) {
                throw new InputException(file, n, current.name, key, "bad key name");
            }
            if (current.entries.containsKey(key)) {
                throw new InputException(file, n, current.name, key, "key given twice (first on line "
                        + current.entries.get(key).line() + ")");
            }
            current.entries.put(key, new Entry(value, n));
        }
        return new CaseFile(file, sections);
    }

    /** @return the file this was read from */
    public Path file() {
        return file;
    }

    /** @return the section names in file order */
    public List<String> sectionNames() {
        return List.copyOf(sections.keySet());
    }

    /** @return the named section, if present */
    public Optional<Section> section(String name) {
        return Optional.ofNullable(sections.get(name));
    }

    /**
     * @param name section name
     * @return the section
     * @throws InputException when it is missing
     */
    public Section require(String name) {
        Section s = sections.get(name);
        if (s == null) {
            throw new InputException(file, 0, name, null, "missing section");
        }
        return s;
    }

    /**
     * The section, or an empty one (so optional keys fall back to defaults).
     *
     * @param name section name
     * @return the section or an empty stand-in
     */
    public Section sectionOrEmpty(String name) {
        Section s = sections.get(name);
        return s != null ? s : new Section(file, name, 0);
    }

    /** A value and the line it came from. */
    private record Entry(String value, int line) {
    }

    /** One {@code [section]}: typed access to its keys, with consumption tracking. */
    public static final class Section {
        private final Path file;
        private final String name;
        private final int line;
        private final Map<String, Entry> entries = new LinkedHashMap<>();
        private final Set<String> consumed = new LinkedHashSet<>();

        private Section(Path file, String name, int line) {
            this.file = file;
            this.name = name;
            this.line = line;
        }

        /** @return the section name */
        public String name() {
            return name;
        }

        /** @return the line of the header (0 for a missing section) */
        public int line() {
            return line;
        }

        /** @return the keys in file order */
        public List<String> keys() {
            return List.copyOf(entries.keySet());
        }

        /** @return true when the key is present */
        public boolean has(String key) {
            return entries.containsKey(key);
        }

        /** @return the line of the key, or of the header when absent */
        public int lineOf(String key) {
            Entry e = entries.get(key);
            return e == null ? line : e.line();
        }

        /**
         * An error about a key of this section, located at its line.
         *
         * @param key     the key
         * @param problem what is wrong
         * @return the exception, to throw
         */
        public InputException error(String key, String problem) {
            return new InputException(file, lineOf(key), name, key, problem);
        }

        private String raw(String key) {
            consumed.add(key);
            Entry e = entries.get(key);
            if (e == null) {
                throw error(key, "missing value (required key not given)");
            }
            if (e.value().isEmpty()) {
                throw error(key, "missing value");
            }
            return e.value();
        }

        /** @return the value as text */
        public String string(String key) {
            return raw(key);
        }

        /** @return the value as text, or {@code def} when the key is absent */
        public String string(String key, String def) {
            consumed.add(key);
            return has(key) ? raw(key) : def;
        }

        /** @return the value as an int */
        public int integer(String key) {
            String v = raw(key);
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw error(key, "expected an integer, got '" + v + "'");
            }
        }

        /** @return the value as an int, or {@code def} when absent */
        public int integer(String key, int def) {
            consumed.add(key);
            return has(key) ? integer(key) : def;
        }

        /** @return the value as a finite double */
        public double number(String key) {
            String v = raw(key);
            return parseNumber(key, v);
        }

        /** @return the value as a double, or {@code def} when absent */
        public double number(String key, double def) {
            consumed.add(key);
            return has(key) ? number(key) : def;
        }

        /** @return a comma- or space-separated list of finite doubles, at least one */
        public double[] numbers(String key) {
            String v = raw(key);
            List<Double> out = new ArrayList<>();
            for (String part : v.split("[,\\s]+")) {
                if (!part.isEmpty()) {
                    out.add(parseNumber(key, part));
                }
            }
            if (out.isEmpty()) {
                throw error(key, "missing value");
            }
            return out.stream().mapToDouble(Double::doubleValue).toArray();
        }

        /** @return a path, resolved against the directory of the case file */
        public Path path(String key) {
            Path p;
            try {
                p = Path.of(raw(key));
            } catch (java.nio.file.InvalidPathException e) {
                throw error(key, "not a valid path: " + e.getMessage());
            }
            Path dir = file.toAbsolutePath().getParent();
            return p.isAbsolute() || dir == null ? p : dir.resolve(p).normalize();
        }

        /** @return the value, which must be one of {@code choices} */
        public String choice(String key, String def, String... choices) {
            String v = string(key, def);
            for (String c : choices) {
                if (c.equals(v)) {
                    return v;
                }
            }
            throw error(key, "expected one of " + String.join(", ", choices) + ", got '" + v + "'");
        }

        private double parseNumber(String key, String v) {
            try {
                double d = Double.parseDouble(v);
                if (Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw error(key, "expected a number, got '" + v + "'");
        }

        /**
         * Fails on the first key that no getter asked for.
         *
         * @throws InputException naming the unknown key and the known ones
         */
        public void rejectUnknownKeys() {
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                if (!consumed.contains(e.getKey())) {
                    List<String> known = new ArrayList<>(consumed);
                    Collections.sort(known);
                    throw error(e.getKey(), "unknown key (known: " + String.join(", ", known) + ")");
                }
            }
        }
    }
}
