package org.deepzero.cli;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link InputFuzzTest} with ten times the tries and other seeds (about 11,000 inputs; the slow profile). */
@Tag("slow")
class InputFuzzSlowTest {
    @BeforeAll
    static void setUp() throws IOException {
        InputFuzzTest.setUp();
    }

    @AfterAll
    static void report() {
        InputFuzzTest.report();
    }

    @Test
    void caseFiles() throws IOException {
        InputFuzzTest.caseFiles(1, 2200);
    }

    @Test
    void meshFiles() throws IOException {
        InputFuzzTest.meshFiles(2, 1300);
    }

    @Test
    void trajectories() throws IOException {
        InputFuzzTest.trajectories(3, 1700);
    }

    @Test
    void cifarShards() throws IOException {
        InputFuzzTest.cifarShards(4, 900);
    }

    @Test
    void parameterFiles() throws IOException {
        InputFuzzTest.parameterFiles(5, 1100);
    }

    @Test
    void checkpoints() throws IOException {
        InputFuzzTest.checkpoints(6, 900);
    }

    @Test
    void ratioFiles() throws IOException {
        InputFuzzTest.ratioFiles(7, 800);
    }

    @Test
    void argumentVectors() throws IOException {
        InputFuzzTest.argumentVectors(8, 3300);
    }
}
