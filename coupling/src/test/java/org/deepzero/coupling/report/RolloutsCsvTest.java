package org.deepzero.coupling.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deepzero.common.InputException;
import org.deepzero.coupling.eval.MethodErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rollouts.csv} read back as written, and damage named by line; runs compared by rollout. (That
 * the reader reads what the report really writes: cli's CompareCommandTest, on real runs.)
 */
class RolloutsCsvTest {
    @TempDir
    Path dir;

    private static final List<String> LABELS = List.of("reynolds=120.0 start_frame=0",
            "reynolds=120.0 start_frame=40", "reynolds=200.0 start_frame=0");

    private static MethodErrors errors(String method, double offset) {
        return new MethodErrors(method, LABELS,
                new double[][] {{0.1 + offset, 0.2 + offset}, {0.3 + offset, 0.5}, {0.25, 0.125 + offset}});
    }

    /** The rows of a report's rollouts.csv, in ReportWriter's format, for {@code errors}. */
    private static String csv(List<MethodErrors> errors) {
        StringBuilder b = new StringBuilder("method,reynolds,start_frame,step,mae\n");
        String[][] keys = {{"120.0", "0"}, {"120.0", "40"}, {"200.0", "0"}};
        for (MethodErrors e : errors) {
            for (int r = 0; r < 3; r++) {
                for (int k = 0; k < 2; k++) {
                    b.append(e.method()).append(',').append(keys[r][0]).append(',').append(keys[r][1]).append(',')
                            .append(k + 1).append(',').append(e.stepMae()[r][k]).append('\n');
                }
            }
        }
        return b.toString();
    }

    @Test
    void readsBackWhatWasWritten() throws Exception {
        Path file = dir.resolve(RolloutsCsv.FILE);
        List<MethodErrors> written = List.of(errors("src", 0), errors("sol-zo", 0.01));
        Files.writeString(file, csv(written));
        List<MethodErrors> read = RolloutsCsv.read(file);
        assertEquals(2, read.size());
        for (int m = 0; m < 2; m++) {
            assertEquals(written.get(m).method(), read.get(m).method());
            assertEquals(List.of("reynolds=120.0 start_frame=0", "reynolds=120.0 start_frame=40",
                    "reynolds=200.0 start_frame=0"), read.get(m).rollouts());
            for (int r = 0; r < 3; r++) {
                assertArrayEquals(written.get(m).stepMae()[r], read.get(m).stepMae()[r], 0);
            }
        }
    }

    @Test
    void damageIsNamedByLine() throws Exception {
        Path file = dir.resolve(RolloutsCsv.FILE);
        Files.writeString(file, csv(List.of(errors("src", 0))));
        List<String> lines = Files.readAllLines(file);
        for (String[] edit : new String[][] {{"3", "src,120.0,0,3,0.2"}, {"4", "src,120.0,40,1"},
            {"5", "src,120.0,40,2,x"}, {"2", "src,120.0,0,1,-0.5"}}) {
            List<String> bad = new java.util.ArrayList<>(lines);
            bad.set(Integer.parseInt(edit[0]) - 1, edit[1]);
            Files.write(file, bad);
            InputException e = assertThrows(InputException.class, () -> RolloutsCsv.read(file));
            assertTrue(e.getMessage().contains(RolloutsCsv.FILE) && e.getMessage().contains("line " + edit[0]),
                    e.getMessage());
        }
    }

    /** Same rollouts: paired, and a method against itself differs by exactly 0 ± 0. */
    @Test
    void sameRolloutsArePairedOthersWelch() {
        RunComparison same = RunComparison.of(List.of(errors("src", 0), errors("non", 0)),
                List.of(errors("src", 0), errors("non", 0.01), errors("sol-zo", 0)));
        assertEquals(RunComparison.Test.PAIRED, same.rows().get(0).test());
        assertEquals(0, same.rows().get(0).diff(), 0);
        assertEquals(0, same.rows().get(0).halfWidth95(), 0);
        // the paired difference is the mean of the per-rollout differences
        double[] a = errors("non", 0).rolloutMeans(), b = errors("non", 0.01).rolloutMeans();
        assertEquals((b[0] - a[0] + b[1] - a[1] + b[2] - a[2]) / 3, same.rows().get(1).diff(), 1e-15);
        assertEquals(RunComparison.Test.NONE, same.rows().get(2).test());
        MethodErrors fewer = new MethodErrors("non", List.of("x", "y"), new double[][] {{0.1}, {0.2}});
        RunComparison other = RunComparison.of(List.of(errors("non", 0)), List.of(fewer));
        assertEquals(RunComparison.Test.WELCH, other.rows().get(0).test());
        assertEquals(fewer.welchDifference(errors("non", 0))[1], other.rows().get(0).halfWidth95(), 0);
        assertTrue(other.table().contains("welch"), other.table());
    }
}
