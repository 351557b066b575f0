package org.deepzero.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {

    @Test
    void plainLinesWithRateAndTimeLeftOfThisSession() {
        long[] now = {0};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressPrinter p = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 5,
                () -> now[0]);
        p.progress("train", 4, 10, Map.of()); // resumed at step 4
        now[0] = 2_000_000_000L;
        p.progress("train", 5, 10, Map.of());
        now[0] = 4_000_000_000L;
        p.progress("train", 6, 10, Map.of("loss", 0.5));
        now[0] = 5_000_000_000L;
        p.progress("train", 7, 10, Map.of());
        p.note("done");
        p.progress("train", 10, 10, Map.of());
        // every 10/5 = 2 steps and the last; 2 steps in 4 s -> 4 steps left take 8 s
        assertEquals("train 4/10  ?/s  ETA ?\n"
                + "train 6/10  0.500/s  ETA 0:00:08  loss 0.500000\n"
                + "done\n"
                + "train 10/10  1.20/s  ETA 0:00:00\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void onATerminalTheLineIsRedrawnInPlaceAndEndedAtTheLastStep() {
        long[] now = {0};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressPrinter p = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 5,
                () -> now[0]);
        p.progress("sim", 0, 2, Map.of());
        now[0] = 100_000_000L;
        p.progress("sim", 1, 2, Map.of()); // within 200 ms of the last draw: skipped
        now[0] = 1_000_000_000L;
        p.progress("sim", 2, 2, Map.of());
        assertEquals("\rsim 0/2  ?/s  ETA ?\rsim 2/2  2.00/s  ETA 0:00:00\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void phasesRunningSideBySideKeepTheirOwnClocks() {
        long[] now = {0};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressPrinter p = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 1,
                () -> now[0]);
        ProgressListener a = p.prefixed("Re 100");
        ProgressListener b = p.prefixed("Re 200").showing("energy");
        a.progress("frames", 0, 4, Map.of());
        now[0] = 1_000_000_000L;
        b.progress("frames", 0, 2, Map.of("energy", 3.0, "cfl", 0.5));
        now[0] = 2_000_000_000L;
        b.progress("frames", 2, 2, Map.of("energy", 2.0, "cfl", 0.5));
        now[0] = 4_000_000_000L;
        a.progress("frames", 4, 4, Map.of());
        assertEquals("Re 100 frames 0/4  ?/s  ETA ?\n"
                + "Re 200 frames 0/2  ?/s  ETA ?  energy 3.00000\n"
                + "Re 200 frames 2/2  2.00/s  ETA 0:00:00  energy 2.00000\n"
                + "Re 100 frames 4/4  1.00/s  ETA 0:00:00\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void durationFormat() {
        assertEquals("1:01:01", ProgressPrinter.duration(3661));
        assertEquals("?", ProgressPrinter.duration(Double.NaN));
    }
}
