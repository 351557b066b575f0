package org.deepzero.zo.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.deepzero.common.InputException;
import org.deepzero.zo.estimate.Cge;
import org.deepzero.zo.estimate.Difference;
import org.deepzero.zo.estimate.GradientEstimator;
import org.deepzero.zo.estimate.GradientEstimator.Estimate;
import org.deepzero.zo.estimate.Rge;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.query.DescribedObjective;
import org.deepzero.zo.query.DescribedTaskSet;
import org.deepzero.zo.query.LocalQueryExecutor;
import org.deepzero.zo.query.ObjectiveRecipe;
import org.deepzero.zo.query.QueryExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three members as separate JVMs on loopback and this JVM as the caller: gradients equal the local
 * executor's bit for bit; a member killed with SIGKILL mid-step or stopped with SIGSTOP loses no query.
 * The tests run in order: the kill and the stop shrink the cluster. The fault tests are slow (a
 * member is lost for good; the time-out waits), so they run under the slow tag.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterQueryExecutorTest {
    private static final String NAME = "dz-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    // below the kernel's ephemeral ports (32768 and up here), so no outgoing connection holds the members' ports
    private static final int PORT = 20_000 + (int) (ProcessHandle.current().pid() % 4_000);
    private static LocalMembers members;

    @BeforeAll
    static void startMembers() throws Exception {
        members = new LocalMembers(NAME, PORT, 1, "512m").start(3);
    }

    @AfterAll
    static void stopMembers() {
        members.close();
    }

    private static ClusterQueryExecutor cluster(long timeoutMillis, PrintStream warnings) {
        ClusterQueryExecutor.Settings s = new ClusterQueryExecutor.Settings(NAME, 0.2, 2, timeoutMillis);
        return ClusterQueryExecutor.join(members.joinList(), s, "test", warnings);
    }

    private static Objective objective(ObjectiveRecipe recipe) {
        return new DescribedObjective(recipe.build(), recipe);
    }

    private static Estimate local(GradientEstimator e, Objective o, double[] theta) {
        return local(e, o, theta, 2);
    }

    private static Estimate local(GradientEstimator e, Objective o, double[] theta, int threads) {
        try (QueryExecutor x = new LocalQueryExecutor(threads)) {
            return e.estimate(o, theta, x, new SplittableRandom(5));
        }
    }

    /**
     * Float32 with queries stacked 8 at a time (as vision trains): values depend on the chunking in the
     * last bits, and every executor shares one ({@code QueryChunks}), so all agree bit for bit.
     */
    @Test
    @Order(1)
    void denseCgeAndRgeEqualTheLocalExecutorsBitForBit() {
        Objective o = objective(new SmallCnnRecipe(3, 8, 0, null, null, true));
        double[] theta = TestNets0.theta();
        GradientEstimator cge = Cge.of(5e-3, Difference.FORWARD);
        GradientEstimator rge = new Rge(40, 5e-3, Rge.Directions.UNIT_SPHERE);
        int d = theta.length;
        boolean[] third = new boolean[d];
        for (int i = 0; i < d; i += 3) {
            third[i] = true;
        }
        GradientEstimator restricted = new Rge(20, 5e-3, Rge.Directions.GAUSSIAN).restrictedTo(third);
        Estimate cgeLocal = local(cge, o, theta, 1);
        Estimate rgeLocal = local(rge, o, theta, 1);
        Estimate restrictedLocal = local(restricted, o, theta, 1);
        assertArrayEquals(cgeLocal.gradient(), local(cge, o, theta, 3).gradient(), "local:3 against local:1");
        assertArrayEquals(rgeLocal.gradient(), local(rge, o, theta, 3).gradient(), "local:3 against local:1");
        try (ClusterQueryExecutor x = cluster(60_000, System.err)) {
            assertEquals(3, x.members().size());
            Estimate c = cge.estimate(o, theta, x, new SplittableRandom(5));
            long before = x.counters()[3];
            Estimate r = rge.estimate(o, theta, x, new SplittableRandom(5));
            long rgeBytes = x.counters()[3] - before;
            assertArrayEquals(cgeLocal.gradient(), c.gradient());
            assertEquals(cgeLocal.queries(), c.queries());
            // directions rebuilt on the members from (position, count) give the trainer's gradient
            assertArrayEquals(rgeLocal.gradient(), r.gradient());
            assertArrayEquals(restrictedLocal.gradient(), restricted.estimate(o, theta, x, new SplittableRandom(5)).gradient());
            // per batch and in-flight task θ and a seed, never 16 directions of 8·d bytes (3 batches, 3
            // members, 2 tasks in flight each may carry the context before the first answer)
            assertTrue(rgeBytes > 0 && rgeBytes <= 18L * (8 * d + 16 * 16 + 24), rgeBytes + " bytes for d = " + d);
            assertTrue(x.counters()[1] > 0, "members evaluated no chunk");
        }
    }

    /** Tasks with a recipe run on the members too, and their numbers equal the local executor's bit for bit. */
    @Test
    @Order(1)
    void taskSetsEqualTheLocalExecutorsBitForBit() {
        ValueTasksRecipe recipe = new ValueTasksRecipe(new SmallCnnRecipe(3, 8, 0, null, null, true), 12, 40);
        double[][] expected;
        try (QueryExecutor x = LocalQueryExecutor.serial()) {
            expected = x.run(recipe.build());
        }
        try (ClusterQueryExecutor x = cluster(60_000, System.err)) {
            double[][] got = x.run(new DescribedTaskSet(recipe.build(), recipe));
            assertEquals(expected.length, got.length);
            for (int i = 0; i < expected.length; i++) {
                assertArrayEquals(expected[i], got[i], "task " + i);
            }
            assertTrue(x.counters()[1] > 0, "members ran no task");
        }
    }

    /** After the first test's batches, {@code cluster status} lists the three members and what they evaluated. */
    @Test
    @Order(2)
    void statusListsTheMembersAndTheirQueries() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ClusterStatus.print(NAME, members.joinList(), "--join", new PrintStream(out, true, StandardCharsets.UTF_8), 30_000);
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertEquals(4, lines.length, out.toString(StandardCharsets.UTF_8));
        long queries = 0;
        for (int i = 1; i < lines.length; i++) {
            assertTrue(lines[i].startsWith("[127.0.0.1]:"), lines[i]);
            queries += Long.parseLong(lines[i].trim().split("\\s+")[2]);
        }
        assertTrue(queries > 0, "members evaluated no query: " + out);
    }

    @Test
    @Order(3)
    void memberWithOtherDataIsRefusedWithOneLine(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("data.bin"), "members' data");
        // the caller's data hash differs from the file members read
        Objective o = objective(new SmallCnnRecipe(3, 8, 2, null, null));
        Objective mismatched = new DescribedObjective(((DescribedObjective) o).local(),
                new SmallCnnRecipe(3, 8, 2, data.toString(), "0123456789abcdef"));
        try (ClusterQueryExecutor x = cluster(60_000, System.err)) {
            InputException e = assertThrows(InputException.class,
                    () -> Cge.of(5e-3, Difference.FORWARD).estimate(mismatched, TestNets0.theta(), x, new SplittableRandom(5)));
            assertTrue(e.getMessage().contains("refused") && e.getMessage().contains("data.bin")
                    && !e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    @Tag("slow")
    @Order(4)
    void memberKilledMidStepLosesNoQuery() throws Exception {
        Objective o = objective(new SmallCnnRecipe(3, 8, 4, null, null));
        double[] theta = TestNets0.theta();
        GradientEstimator cge = Cge.of(5e-3, Difference.FORWARD);
        Estimate expected = local(cge, objective(new SmallCnnRecipe(3, 8, 0, null, null)), theta);
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        try (ClusterQueryExecutor x = cluster(60_000, new PrintStream(warnings, true, StandardCharsets.UTF_8))) {
            CompletableFuture<Estimate> step = CompletableFuture.supplyAsync(
                    () -> cge.estimate(o, theta, x, new SplittableRandom(5)));
            while (x.counters()[1] == 0) {
                Thread.sleep(5); // a member finished a chunk: the step is under way on all of them
            }
            Process victim = members.processes().get(2);
            victim.destroyForcibly(); // SIGKILL
            Estimate got = step.get(120, TimeUnit.SECONDS);
            assertArrayEquals(expected.gradient(), got.gradient());
            assertEquals(expected.queries(), got.queries());
            assertTrue(warnings.toString(StandardCharsets.UTF_8).contains("left the cluster"), warnings.toString());
            assertEquals(2, x.members().size());
        }
    }

    @Test
    @Tag("slow")
    @Order(5)
    void stoppedMemberIsTimedOut() throws Exception {
        Objective o = objective(new SmallCnnRecipe(3, 8, 2, null, null));
        double[] theta = TestNets0.theta();
        GradientEstimator cge = Cge.of(5e-3, Difference.FORWARD);
        Estimate expected = local(cge, objective(new SmallCnnRecipe(3, 8, 0, null, null)), theta);
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        try (ClusterQueryExecutor x = cluster(1_500, new PrintStream(warnings, true, StandardCharsets.UTF_8))) {
            Process hung = members.processes().get(1);
            new ProcessBuilder("kill", "-STOP", Long.toString(hung.pid())).start().waitFor();
            Estimate got = cge.estimate(o, theta, x, new SplittableRandom(5));
            assertArrayEquals(expected.gradient(), got.gradient());
            String w = warnings.toString(StandardCharsets.UTF_8);
            assertTrue(w.contains("did not answer within 1500 ms"), w);
        } finally {
            new ProcessBuilder("kill", "-CONT", Long.toString(members.processes().get(1).pid())).start().waitFor();
        }
    }
}
