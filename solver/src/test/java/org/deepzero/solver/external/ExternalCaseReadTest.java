package org.deepzero.solver.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deepzero.common.InputException;
import org.deepzero.solver.io.CaseFile;
import org.deepzero.solver.pde.PdeKinds;
import org.junit.jupiter.api.Test;

/** Bad {@code [external]} keys: one line naming file, line, section, key and problem. */
class ExternalCaseReadTest {
    private static final Path FILE = Path.of("/tmp/cases/ext/case.conf");

    private static String error(String... externalLines) {
        List<String> lines = new ArrayList<>(List.of("[pde]", "kind = external", "[external]"));
        lines.addAll(List.of(externalLines));
        InputException e = assertThrows(InputException.class, () -> PdeKinds.read(CaseFile.parse(FILE, lines)));
        return e.getMessage();
    }

    @Test
    void badKeysAreOneLineErrors() {
        assertEquals("/tmp/cases/ext/case.conf:3: [external] command: missing value (required key not given)",
                error("host = burgers"));
        assertEquals("/tmp/cases/ext/case.conf:5: [external] command: program 'no-such-solver-xyz' not found on PATH",
                error("host = burgers", "command = no-such-solver-xyz --fast"));
        assertEquals("/tmp/cases/ext/case.conf:5: [external] command: program /tmp/cases/ext/bin/solver is not an "
                + "executable file", error("host = burgers", "command = bin/solver"));
        assertEquals("/tmp/cases/ext/case.conf:5: [external] host: expected one of burgers, got 'wake-flow'",
                error("command = python3 step.py", "host = wake-flow"));
        assertEquals("/tmp/cases/ext/case.conf:6: [external] timeout: seconds per step, at least 0.001, got 0.0",
                error("host = burgers", "command = python3 step.py", "timeout = 0"));
        assertEquals("/tmp/cases/ext/case.conf:6: [external] processes: need at least 1, got 0",
                error("host = burgers", "command = python3 step.py", "processes = 0"));
        assertEquals("/tmp/cases/ext/case.conf:6: [external] procs: unknown key (known: command, host, processes, "
                + "start_timeout, timeout)", error("host = burgers", "command = python3 step.py", "procs = 2"));
    }

    @Test
    void theHostsSectionsBelongToTheCase() {
        CaseFile cf = CaseFile.parse(FILE, List.of("[pde]", "kind = external", "[external]", "command = python3 s.py"));
        assertEquals(List.of("external", "burgers", "output"), PdeKinds.sections(cf));
        assertThrows(InputException.class, () -> PdeKinds.read(CaseFile.parse(FILE,
                List.of("[pde]", "kind = external"))));
    }
}
