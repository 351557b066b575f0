package org.deepzero.cli;

import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** {@link InputFuzzTest} with ten times the tries and other seeds (about 11,000 inputs; the slow profile). */
@Tag("slow")
class InputFuzzSlowTest {
    private final InputFuzzTest generators = new InputFuzzTest();

    @BeforeContainer
    static void setUp() throws IOException {
        InputFuzzTest.setUp();
    }

    @AfterContainer
    static void report() {
        InputFuzzTest.report();
    }

    @Property(tries = 2200, seed = "1", edgeCases = EdgeCasesMode.NONE)
    void caseFiles(@ForAll("caseNames") String name, @ForAll("textEdits") List<Mutations.Edit> edits) throws IOException {
        InputFuzzTest.timed("case", () -> InputFuzzTest.checkCaseFile(name, edits));
    }

    @Property(tries = 1300, seed = "2", edgeCases = EdgeCasesMode.NONE)
    void meshFiles(@ForAll("textEdits") List<Mutations.Edit> edits) throws IOException {
        InputFuzzTest.timed("mesh", () -> InputFuzzTest.checkMesh(edits));
    }

    @Property(tries = 1700, seed = "3", edgeCases = EdgeCasesMode.NONE)
    void trajectories(@ForAll("structural") String fault, @ForAll("binaryEdits") List<Mutations.Edit> edits)
            throws IOException {
        InputFuzzTest.timed("hdf5", () -> InputFuzzTest.checkTrajectory(fault, edits));
    }

    @Property(tries = 900, seed = "4", edgeCases = EdgeCasesMode.NONE)
    void cifarShards(@ForAll boolean testSplit, @ForAll("recordEdits") List<Mutations.Edit> edits) throws IOException {
        InputFuzzTest.timed("cifar", () -> InputFuzzTest.checkCifar(testSplit, edits));
    }

    @Property(tries = 1100, seed = "5", edgeCases = EdgeCasesMode.NONE)
    void parameterFiles(@ForAll("binaryEdits") List<Mutations.Edit> edits) throws IOException {
        InputFuzzTest.timed("params", () -> InputFuzzTest.checkParams(edits));
    }

    @Property(tries = 900, seed = "6", edgeCases = EdgeCasesMode.NONE)
    void checkpoints(@ForAll("binaryEdits") List<Mutations.Edit> edits) throws IOException {
        InputFuzzTest.timed("checkpoint", () -> InputFuzzTest.checkCheckpoint(edits));
    }

    @Property(tries = 800, seed = "7", edgeCases = EdgeCasesMode.NONE)
    void ratioFiles(@ForAll("textEdits") List<Mutations.Edit> edits) throws IOException {
        InputFuzzTest.timed("ratios", () -> InputFuzzTest.checkRatios(edits));
    }

    @Property(tries = 3300, seed = "8", edgeCases = EdgeCasesMode.NONE)
    void argumentVectors(@ForAll("argVectors") List<String> args) throws IOException {
        InputFuzzTest.timed("args", () -> InputFuzzTest.checkArgs(args));
    }

    @Provide
    Arbitrary<String> caseNames() {
        return generators.caseNames();
    }

    @Provide
    Arbitrary<List<Mutations.Edit>> textEdits() {
        return generators.textEdits();
    }

    @Provide
    Arbitrary<List<Mutations.Edit>> binaryEdits() {
        return generators.binaryEdits();
    }

    @Provide
    Arbitrary<List<Mutations.Edit>> recordEdits() {
        return generators.recordEdits();
    }

    @Provide
    Arbitrary<String> structural() {
        return generators.structural();
    }

    @Provide
    Arbitrary<List<String>> argVectors() {
        return generators.argVectors();
    }
}
