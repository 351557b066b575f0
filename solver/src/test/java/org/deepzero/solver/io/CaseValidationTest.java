package org.deepzero.solver.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.deepzero.solver.flow.FlowCase;
import org.deepzero.solver.flow.FlowCaseReader;
import org.deepzero.solver.grid.SideBoundary;
import org.deepzero.solver.mesh.Obstacle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every validation error is one line naming the file, line, section, key and problem. */
class CaseValidationTest {
    @TempDir
    Path dir;
    Path caseFile;
    Path meshFile;

    private static final String MESH = """
            # test mesh
            domain 2.0 1.0
            circle 0.5 0.5 0.125
            rectangle 1.0 0.1 1.2 0.2
            polygon 1.5 0.4 1.7 0.5 1.5 0.6
            """;

    private static final String CASE = """
            [grid]
            nx = 64
            ny = 32
            [mesh]
            file = cyl.mesh
            [flow]
            reynolds = 100, 150   # two numbers
            sides = free-slip
            [time]
            dt = 0.02
            steps = 10
            [reference]
            factor = 4
            warmup_steps = 5
            frames = 3
            [training]
            anything = goes   # owned by another module: ignored here
            """;

    @BeforeEach
    void files() throws Exception {
        meshFile = dir.resolve("cyl.mesh");
        caseFile = dir.resolve("case.conf");
        Files.writeString(meshFile, MESH);
        Files.writeString(caseFile, CASE);
    }

    private InputException caseError(String from, String to) throws Exception {
        Files.writeString(caseFile, CASE.replace(from, to));
        InputException e = assertThrows(InputException.class, () -> FlowCaseReader.read(caseFile));
        System.out.println(e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
        assertTrue(e.getMessage().startsWith(caseFile.toString()), e.getMessage());
        return e;
    }

    private InputException meshError(String from, String to) throws Exception {
        Files.writeString(meshFile, MESH.replace(from, to));
        InputException e = assertThrows(InputException.class, () -> FlowCaseReader.read(caseFile));
        System.out.println(e.getMessage());
        assertTrue(e.getMessage().startsWith(meshFile.toString()), e.getMessage());
        return e;
    }

    @Test
    void validCaseParses() {
        FlowCase c = FlowCaseReader.read(dir);
        assertEquals(64, c.nx());
        assertEquals(2, c.reynolds().size());
        assertEquals(SideBoundary.FREE_SLIP, c.sides());
        assertEquals(3, c.mesh().obstacles().size());
        assertTrue(c.mesh().obstacles().get(0) instanceof Obstacle.Circle);
        assertEquals(0.125, c.mesh().referenceLength(), 1e-15);
        assertEquals(64, c.hash().length());
        assertEquals(256, c.referenceSpec(150).nx());
        assertEquals(0.005, c.referenceSpec(150).dt(), 1e-15);
    }

    /** The case hash covers what shapes the numbers (settings, mesh text), not where outputs go or layout. */
    @Test
    void caseHashCoversSettingsAndMeshButNotOutputOrFormatting() throws Exception {
        String base = FlowCaseReader.read(caseFile).hash();
        Files.writeString(caseFile, CASE.replace("steps = 10", "steps = 10   # a comment\n[output]\ndir = elsewhere"));
        assertEquals(base, FlowCaseReader.read(caseFile).hash(), "output folder and comments");
        Files.writeString(caseFile, CASE.replace("\n", "\r\n"));
        Files.writeString(meshFile, MESH.replace("\n", "\r\n"));
        assertEquals(base, FlowCaseReader.read(caseFile).hash(), "line endings");
        Files.writeString(caseFile, CASE.replace("dt = 0.02", "dt = 0.019"));
        String otherDt = FlowCaseReader.read(caseFile).hash();
        Files.writeString(caseFile, CASE);
        Files.writeString(meshFile, MESH.replace("circle 0.5 0.5 0.125", "circle 0.5 0.5 0.126"));
        String otherMesh = FlowCaseReader.read(caseFile).hash();
        assertTrue(!otherDt.equals(base) && !otherMesh.equals(base) && !otherDt.equals(otherMesh));
    }

    @Test
    void defaultCaseParses() {
        FlowCase c = FlowCaseReader.read(Path.of("../cases/karman-2d"));
        assertEquals(64, c.nx());
        assertEquals(32, c.ny());
        assertEquals(4, c.factor());
        assertEquals(150, c.defaultReynolds());
    }

    @Test
    void unknownKey() throws Exception {
        InputException e = caseError("sides = free-slip", "sieds = free-slip");
        assertTrue(e.getMessage().matches(".*case.conf:8: \\[flow\\] sieds: unknown key.*"), e.getMessage());
    }

    @Test
    void wrongType() throws Exception {
        InputException e = caseError("nx = 64", "nx = sixty-four");
        assertTrue(e.getMessage().endsWith("case.conf:2: [grid] nx: expected an integer, got 'sixty-four'"), e.getMessage());
        e = caseError("dt = 0.02", "dt = fast");
        assertTrue(e.getMessage().contains(":10: [time] dt: expected a number, got 'fast'"), e.getMessage());
    }

    @Test
    void missingValue() throws Exception {
        InputException e = caseError("steps = 10", "steps =");
        assertTrue(e.getMessage().endsWith("case.conf:11: [time] steps: missing value"), e.getMessage());
        e = caseError("ny = 32\n", "");
        assertTrue(e.getMessage().contains("[grid] ny: missing value"), e.getMessage());
    }

    @Test
    void nonPositiveResolution() throws Exception {
        InputException e = caseError("ny = 32", "ny = 0");
        assertTrue(e.getMessage().endsWith("case.conf:3: [grid] ny: resolution must be positive, got 0"), e.getMessage());
    }

    @Test
    void timeStepViolatingCfl() throws Exception {
        InputException e = caseError("dt = 0.02", "dt = 0.05");
        assertTrue(e.getMessage().contains("case.conf:10: [time] dt: time step 0.05 violates CFL"), e.getMessage());
    }

    @Test
    void otherModulesSectionsAreIgnoredButOwnSectionsChecked() throws Exception {
        caseError("[training]", "[reference]\n");   // duplicate section
    }

    @Test
    void obstacleOutsideTheDomain() throws Exception {
        InputException e = meshError("circle 0.5 0.5 0.125", "circle 0.05 0.5 0.125");
        assertTrue(e.getMessage().contains("cyl.mesh:3: [mesh] circle: obstacle outside the domain"), e.getMessage());
    }

    @Test
    void obstaclesTooSmallForTheGrid() throws Exception {
        Files.writeString(meshFile, "domain 2.0 1.0\ncircle 0.51 0.51 0.001\n");
        InputException e = assertThrows(InputException.class, () -> FlowCaseReader.read(caseFile));
        System.out.println(e.getMessage());
        assertTrue(e.getMessage().contains("case.conf:5: [mesh] file: the obstacles cover no cell"), e.getMessage());
    }

    @Test
    void meshErrors() throws Exception {
        assertTrue(meshError("rectangle 1.0 0.1 1.2 0.2", "rectangle 1.0 0.1 1.2")
                .getMessage().contains("cyl.mesh:4: [mesh] rectangle: missing value"));
        assertTrue(meshError("circle 0.5 0.5 0.125", "circle 0.5 0.5 big")
                .getMessage().contains("cyl.mesh:3: [mesh] circle: expected a number, got 'big'"));
        assertTrue(meshError("polygon", "hexagon").getMessage().contains("cyl.mesh:5: [mesh] hexagon: unknown shape"));
        assertTrue(meshError("circle 0.5 0.5 0.125", "circle 0.5 0.5 -1")
                .getMessage().contains("[mesh] circle: diameter must be positive"));
    }

    @Test
    void genericReaderTypes() {
        CaseFile cf = CaseFile.parse(dir.resolve("x.conf"), java.util.List.of(
                "[corrector]", "widths = 8 16, 32", "data = sub/file.h5", "name = small  # comment"));
        CaseFile.Section s = cf.require("corrector");
        assertEquals(3, s.numbers("widths").length);
        assertEquals(dir.resolve("sub/file.h5"), s.path("data"));
        assertEquals("small", s.string("name"));
        s.rejectUnknownKeys();
        assertEquals(2, s.lineOf("widths"));
        InputException e = assertThrows(InputException.class, () -> cf.require("training"));
        assertEquals(dir.resolve("x.conf") + ": [training] missing section", e.getMessage());
    }
}
