package org.deepzero.zo.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.deepzero.common.InputException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code deepzero cluster status} when nothing answers and when a member is slow to answer. (Listing
 * members that worked is checked in {@link ClusterQueryExecutorTest}, whose members are running.)
 */
class ClusterStatusTest {
    private static final String NAME = "dz-status-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    // below the kernel's ephemeral ports (32768 and up here), so no outgoing connection holds the members' ports
    private static final int PORT = 24_000 + (int) (ProcessHandle.current().pid() % 2_000);

    @Test
    void noMemberAtTheAddressIsOneLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JoinList nobody = JoinList.parse("127.0.0.1:" + PORT, "--join");
        InputException e = assertThrows(InputException.class, () -> ClusterStatus.print(NAME, nobody, "--join",
                new PrintStream(out, true, StandardCharsets.UTF_8), 1_500));
        assertTrue(e.getMessage().startsWith("--join: no member") && e.getMessage().contains("127.0.0.1:" + PORT)
                && !e.getMessage().contains("\n"), e.getMessage());
        assertEquals(0, out.size(), "nothing printed");
    }

    /**
     * A member that answers only after 12 s (stopped with SIGSTOP, as on a machine under heavy load) is
     * waited for and listed.
     */
    @Test
    @Tag("slow")
    void aMemberSlowToAnswerIsWaitedFor() throws Exception {
        try (LocalMembers members = new LocalMembers(NAME, PORT, 1, "256m").start(1)) {
            String pid = Long.toString(members.processes().get(0).pid());
            new ProcessBuilder("kill", "-STOP", pid).start().waitFor();
            Thread resume = new Thread(() -> {
                try {
                    Thread.sleep(12_000);
                    new ProcessBuilder("kill", "-CONT", pid).start().waitFor();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            resume.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                ClusterStatus.print(NAME, members.joinList(), "--join", new PrintStream(out, true, StandardCharsets.UTF_8),
                        60_000);
            } finally {
                resume.join();
            }
            String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
            assertEquals(2, lines.length, out.toString(StandardCharsets.UTF_8));
            assertTrue(lines[1].startsWith("[127.0.0.1]:" + PORT), lines[1]);
        }
    }
}
