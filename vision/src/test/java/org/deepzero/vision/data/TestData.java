package org.deepzero.vision.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find the real CIFAR-10 files: {@code -Dcifar10.dir}, else {@code shared/data/cifar10} beside the repository. */
public final class TestData {
    private TestData() {
    }

    /** The CIFAR-10 folder; the calling test is skipped when it is absent. */
    public static Path cifar10() {
        String prop = System.getProperty("cifar10.dir");
        Path[] candidates = prop != null ? new Path[] {Path.of(prop)}
                : new Path[] {Path.of("../../shared/data/cifar10"), Path.of("../shared/data/cifar10")};
        for (Path p : candidates) {
            if (Files.isRegularFile(p.resolve("cifar10-train-000.bin"))) {
                return p;
            }
        }
        assumeTrue(false, "CIFAR-10 not found beside the repository (shared/data/cifar10); set -Dcifar10.dir");
        return null;
    }
}
