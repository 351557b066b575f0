package org.deepzero.vision.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the CIFAR-10 folder is, the one rule for commands and tests alike: a path the user gives;
 * else the system property {@value #PROPERTY}; else {@value #DEFAULT_BESIDE_ROOT} next to the
 * repository root, found by walking up from the working directory to the highest folder that
 * still holds a {@code pom.xml} (a module folder's parent is the reactor root).
 */
public final class Cifar10Location {
    /** System property naming the CIFAR-10 folder. */
    public static final String PROPERTY = "cifar10.dir";
    /** The default folder, relative to the repository root. */
    public static final String DEFAULT_BESIDE_ROOT = "../shared/data/cifar10";
    /** A file every CIFAR-10 folder of this project's layout holds. */
    private static final String MARKER = "cifar10-train-000.bin";

    private Cifar10Location() {
    }

    /**
     * @param userPath the folder the user named, or null
     * @return that folder if given (not checked here: the reader names what is wrong with it), else
     *         the folder of {@link #find()}
     */
    public static Optional<Path> resolve(Path userPath) {
        return userPath != null ? Optional.of(userPath) : find();
    }

    /** The folder named by {@value #PROPERTY}, else the default one, when it holds CIFAR-10. */
    public static Optional<Path> find() {
        Path candidate = candidate();
        return candidate != null && Files.isRegularFile(candidate.resolve(MARKER)) ? Optional.of(candidate)
                : Optional.empty();
    }

    /** The folder that {@link #find()} looks in, for messages: the property, else the default beside the root. */
    public static Path candidate() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        Path root = repositoryRoot(Path.of("").toAbsolutePath());
        return root == null ? null : root.resolve(DEFAULT_BESIDE_ROOT).normalize();
    }

    /** One line saying where CIFAR-10 was looked for and how to point at it. */
    public static String notFoundMessage() {
        Path c = candidate();
        return "CIFAR-10 not found" + (c == null ? " (no repository root above " + Path.of("").toAbsolutePath() + ")"
                : " in " + c + " (no " + MARKER + ")") + "; set -D" + PROPERTY + "=DIR";
    }

    /** The highest folder from {@code start} upwards that holds a {@code pom.xml}, or null. */
    static Path repositoryRoot(Path start) {
        Path root = null;
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml"))) {
                root = p;
            } else if (root != null) {
                break;
            }
        }
        return root;
    }
}
