package org.deepzero.vision.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10LocationTest {

    @Test
    void repositoryRootIsTheHighestFolderWithAPom(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("repo");
        Path module = root.resolve("vision");
        Files.createDirectories(module.resolve("src"));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Files.writeString(module.resolve("pom.xml"), "<project/>");
        assertEquals(root, Cifar10Location.repositoryRoot(module.resolve("src")));
        assertEquals(root, Cifar10Location.repositoryRoot(root));
        assertNull(Cifar10Location.repositoryRoot(tmp));
    }

    @Test
    void aUserPathWinsAndThePropertyComesBeforeTheDefault(@TempDir Path tmp) throws Exception {
        Path user = tmp.resolve("mine");
        assertEquals(Optional.of(user), Cifar10Location.resolve(user), "a user's path is taken as given");
        String before = System.getProperty(Cifar10Location.PROPERTY);
        try {
            System.setProperty(Cifar10Location.PROPERTY, tmp.toString());
            assertEquals(tmp, Cifar10Location.candidate());
            assertTrue(Cifar10Location.find().isEmpty(), "a folder without the shards is not CIFAR-10");
            assertTrue(Cifar10Location.notFoundMessage().contains(tmp.toString()), Cifar10Location.notFoundMessage());
            Files.write(tmp.resolve("cifar10-train-000.bin"), new byte[0]);
            assertEquals(Optional.of(tmp), Cifar10Location.find());
            assertEquals(Optional.of(tmp), Cifar10Location.resolve(null));
        } finally {
            if (before == null) {
                System.clearProperty(Cifar10Location.PROPERTY);
            } else {
                System.setProperty(Cifar10Location.PROPERTY, before);
            }
        }
    }
}
