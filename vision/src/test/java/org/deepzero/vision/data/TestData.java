package org.deepzero.vision.data;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The real CIFAR-10 folder for tests, found by {@link Cifar10Location} (the rule the commands use).
 * Missing data skips the calling test on a developer's machine, and fails it under CI
 * ({@code CI=true}), where a silently skipped suite would pass.
 */
public final class TestData {
    private TestData() {
    }

    /** The CIFAR-10 folder; skips the calling test when absent, fails it under CI. */
    public static Path cifar10() {
        Optional<Path> dir = Cifar10Location.find();
        if (dir.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(Cifar10Location.notFoundMessage() + " (CI=true: missing data fails the build)");
            }
            assumeTrue(false, Cifar10Location.notFoundMessage());
        }
        return dir.get();
    }
}
