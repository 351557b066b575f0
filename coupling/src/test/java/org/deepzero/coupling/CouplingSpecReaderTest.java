package org.deepzero.coupling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.deepzero.coupling.spec.CouplingSpec;
import org.deepzero.coupling.spec.CouplingSpecReader;
import org.deepzero.solver.io.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invalid corrector or training settings fail on reading, with a line that names file, section and key. */
class CouplingSpecReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsTheTinyCase() throws Exception {
        CouplingSpec<?> spec = TinyCase.spec(dir);
        assertEquals(3, spec.training().unroll());
        assertEquals(java.util.List.of("sol-zo"), spec.training().methods());
        assertEquals(130.0, spec.evaluation().parameters().get(0).get("reynolds"));
    }

    @Test
    void unknownLayer() throws Exception {
        String msg = fail(TinyCase.COUPLING.replace("layers = conv3x3:4,lrelu,conv3x3:2",
                "layers = conv3x3:4,swish,conv3x3:2"));
        assertTrue(msg.contains("[corrector] layers") && msg.contains("swish"), msg);
    }

    @Test
    void wrongOutputChannels() throws Exception {
        String msg = fail(TinyCase.COUPLING.replace("layers = conv3x3:4,lrelu,conv3x3:2", "layers = conv3x3:4"));
        assertTrue(msg.contains("[corrector] layers") && msg.contains("2 x H x W"), msg);
    }

    @Test
    void unrollBelowOne() throws Exception {
        String msg = fail(TinyCase.COUPLING.replace("unroll = 3", "unroll = 0"));
        assertTrue(msg.contains("[training] unroll") && msg.contains("at least 1"), msg);
    }

    @Test
    void sparsityOutsideUnitInterval() throws Exception {
        for (String bad : new String[] {"1", "1.5", "-0.1"}) {
            String msg = fail(TinyCase.COUPLING.replace("[training]\n", "[training]\nsparsity = " + bad + "\n"));
            assertTrue(msg.contains("[training] sparsity") && msg.contains("[0, 1)"), msg);
        }
    }

    @Test
    void unknownKeyAndSection() throws Exception {
        String msg = fail(TinyCase.COUPLING.replace("windows = 2", "windowz = 2"));
        assertTrue(msg.contains("[training] windowz") && msg.contains("unknown key"), msg);
        msg = fail(TinyCase.COUPLING + "[trainng]\nsteps = 3\n");
        assertTrue(msg.contains("[trainng]") && msg.contains("unknown section"), msg);
    }

    @Test
    void testReynoldsMustBeHeldOut() throws Exception {
        String msg = fail(TinyCase.COUPLING.replace("reynolds = 130", "reynolds = 160"));
        assertTrue(msg.contains("[evaluation] reynolds") && msg.contains("held-out"), msg);
    }

    @Test
    void unknownMethod() throws Exception {
        String msg = fail(TinyCase.COUPLING.replace("methods = sol-zo", "methods = sol-zo, adam"));
        assertTrue(msg.contains("[training] methods") && msg.contains("adam"), msg);
    }

    private String fail(String coupling) throws Exception {
        Path file = TinyCase.write(dir, coupling);
        InputException e = assertThrows(InputException.class, () -> CouplingSpecReader.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }
}
