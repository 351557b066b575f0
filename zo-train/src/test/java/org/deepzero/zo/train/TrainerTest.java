package org.deepzero.zo.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deepzero.zo.optim.Adam;
import org.deepzero.zo.optim.LearningRateSchedule;
import org.deepzero.zo.optim.Optimizer;
import org.deepzero.zo.optim.Sgd;
import org.deepzero.zo.optim.WeightDecay;
import org.deepzero.zo.query.QueryExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainerTest {

    private static final int STEPS = 15;
    private static final long SEED = 7;
    private static final QueryExecutor SERIAL = (objective, batch) -> objective.values(batch);

    @TempDir
    Path dir;

    private static Supplier<Optimizer> optimizer(String kind) {
        LearningRateSchedule lr = LearningRateSchedule.cosine(0.1, 0.01, STEPS - 2).withWarmup(2);
        return switch (kind) {
            case "sgd" -> () -> Sgd.builder(lr).momentum(0.9).nesterov(true).weightDecay(1e-3, WeightDecay.L2).build();
            case "adam" -> () -> Adam.builder(lr).weightDecay(1e-3, WeightDecay.DECOUPLED).build();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private Trainer.Builder trainer(Supplier<Optimizer> opt, Path run, long seed) {
        return Trainer.builder()
                .estimator(new ForwardRge(4, 1e-3))
                .objectives(s -> new NoisyQuadratic(seed, s))
                .optimizer(opt.get())
                .executor(SERIAL)
                .steps(STEPS)
                .seed(seed)
                .configHash("test-config")
                .checkpoints(new CheckpointStore(run), 4)
                .metricsLog(run.resolve("metrics.jsonl"));
    }

    private static double[] start() {
        return new double[NoisyQuadratic.SPACE.dimension()];
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "adam"})
    void stoppedAndResumedRunEqualsUninterruptedRunBitForBit(String kind) throws IOException {
        TrainingResult whole = trainer(optimizer(kind), dir.resolve("whole"), SEED).build().run(start());
        assertTrue(whole.finished());

        Path run = dir.resolve("split");
        Trainer[] self = new Trainer[1];
        self[0] = trainer(optimizer(kind), run, SEED).listener(r -> {
            if (r.step() == 7) {
                self[0].requestStop();
            }
        }).build();
        TrainingResult part = self[0].run(start());
        assertFalse(part.finished());
        assertEquals(7, part.completedSteps());
        assertEquals(7, CheckpointStore.read(run.resolve(CheckpointStore.LATEST)).step(), "checkpoint on stop");

        // a new trainer, as in a new process
        TrainingResult rest = trainer(optimizer(kind), run, SEED).build().resume();
        assertTrue(rest.finished());
        assertArrayEquals(whole.theta(), rest.theta(), 0.0, "bit-equal parameters after resume");
        assertEquals(whole.totalQueries(), rest.totalQueries());
        assertEquals(STEPS, lines(run.resolve("metrics.jsonl")).size());
    }

    @Test
    void crashedRunResumesFromLastCheckpointAndLogsEachStepOnce() throws IOException {
        TrainingResult whole = trainer(optimizer("sgd"), dir.resolve("whole"), SEED).build().run(start());

        Path run = dir.resolve("crash");
        Trainer crashing = trainer(optimizer("sgd"), run, SEED).listener(r -> {
            if (r.step() == 10) {
                throw new IllegalStateException("simulated crash");
            }
        }).build();
        assertThrows(IllegalStateException.class, () -> crashing.run(start()));
        assertEquals(8, CheckpointStore.read(run.resolve(CheckpointStore.LATEST)).step());
        assertEquals(10, lines(run.resolve("metrics.jsonl")).size(), "steps 9 and 10 logged before the crash");

        TrainingResult rest = trainer(optimizer("sgd"), run, SEED).build().resume();
        assertArrayEquals(whole.theta(), rest.theta(), 0.0);

        List<String> log = lines(run.resolve("metrics.jsonl"));
        assertEquals(STEPS, log.size());
        for (int i = 0; i < STEPS; i++) {
            assertTrue(log.get(i).startsWith("{\"step\":" + (i + 1) + ","), log.get(i));
        }
        // replayed steps log the same loss as the uninterrupted run
        assertEquals(lines(dir.resolve("whole/metrics.jsonl")).get(9).replaceAll(",\"wall_s\".*", ""),
                log.get(9).replaceAll(",\"wall_s\".*", ""));
    }

    @Test
    void lossDecreases() {
        List<Double> losses = new ArrayList<>();
        TrainingResult r = Trainer.builder().estimator(new ForwardRge(8, 1e-4))
                .objectives(s -> new NoisyQuadratic(SEED, s))
                .optimizer(Sgd.builder(LearningRateSchedule.cosine(0.05, 0, 200)).momentum(0.9).build())
                .executor(SERIAL).steps(200).seed(SEED).listener(rep -> losses.add(rep.loss())).build()
                .run(start());
        double firstLoss = losses.get(0);
        double lastTen = losses.subList(190, 200).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        System.out.printf("loss decreases: first %.4g, mean of last 10 %.4g%n", firstLoss, lastTen);
        assertTrue(lastTen < 0.02 * firstLoss, "loss " + firstLoss + " -> " + lastTen);
        assertEquals(200 * 9, r.totalQueries());
    }

    @Test
    void differentSeedsGiveDifferentRuns() {
        double[] a = trainer(optimizer("sgd"), dir.resolve("a"), 1).build().run(start()).theta();
        double[] b = trainer(optimizer("sgd"), dir.resolve("b"), 2).build().run(start()).theta();
        assertFalse(java.util.Arrays.equals(a, b));
    }

    @Test
    void mismatchedCheckpointIsRefusedWithTheFileName() {
        Path run = dir.resolve("mismatch");
        trainer(optimizer("sgd"), run, SEED).build().run(start());
        Path file = run.resolve(CheckpointStore.LATEST);

        CheckpointMismatchException e = assertThrows(CheckpointMismatchException.class,
                () -> trainer(optimizer("sgd"), run, SEED).configHash("other-config").build().resume());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("configuration hash"), e.getMessage());
        assertEquals(file, e.file());

        e = assertThrows(CheckpointMismatchException.class,
                () -> trainer(optimizer("sgd"), run, SEED + 1).build().resume());
        assertTrue(e.getMessage().contains("seed"), e.getMessage());

        // a checkpoint with another parameter count
        Checkpoint c = CheckpointStore.read(file);
        CheckpointStore.write(new Checkpoint(c.step(), new double[3], c.optimizerState(), c.bestMetric(),
                c.totalQueries(), c.wallSeconds(), c.seed(), c.configHash()), file);
        e = assertThrows(CheckpointMismatchException.class, () -> trainer(optimizer("sgd"), run, SEED).build().resume());
        assertTrue(e.getMessage().contains("parameter count is 3 in the file but 12 here"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void resumeWithoutCheckpointNamesTheFile() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> trainer(optimizer("sgd"), dir.resolve("empty"), SEED).build().resume());
        assertTrue(e.getMessage().contains(CheckpointStore.LATEST), e.getMessage());
        // resumeOrRun starts fresh instead
        assertTrue(trainer(optimizer("sgd"), dir.resolve("empty"), SEED).build().resumeOrRun(start()).finished());
    }

    /**
     * A crash between the best and the latest checkpoint of one step (simulated by a folder in the way
     * of one of them) must not lose the best parameters: the best is written first, so the resumed run
     * replays that step and writes it again. Written the other way round, the resumed run carried a
     * best metric whose parameters were never saved, and here (best at step 4 only) ended without them.
     */
    @Test
    void aCrashBetweenBestAndLatestCheckpointKeepsTheBest() throws IOException {
        // NaN is never an improvement: step 4 alone improves, and it is also a checkpoint step
        Evaluator bestAtStep4 = (theta, step) -> Map.of("val", step == 4 ? 0.0 : Double.NaN);
        Path whole = dir.resolve("whole");
        trainer(optimizer("sgd"), whole, SEED).evaluation(bestAtStep4, 2).bestMetric("val", false).build()
                .run(start());
        for (String blocked : List.of(CheckpointStore.BEST, CheckpointStore.LATEST)) {
            Path run = dir.resolve("crash-" + blocked);
            Path obstacle = run.resolve(blocked).resolve("x");
            Files.createDirectories(obstacle);
            Trainer first = trainer(optimizer("sgd"), run, SEED).evaluation(bestAtStep4, 2).bestMetric("val", false)
                    .build();
            // the first checkpoint write of step 4 fails, as if the process died there
            assertThrows(java.io.UncheckedIOException.class, () -> first.run(start()));
            Files.delete(obstacle);
            Files.delete(obstacle.getParent());
            trainer(optimizer("sgd"), run, SEED).evaluation(bestAtStep4, 2).bestMetric("val", false).build()
                    .resumeOrRun(start());
            Checkpoint expected = CheckpointStore.read(whole.resolve(CheckpointStore.BEST));
            Checkpoint got = CheckpointStore.read(run.resolve(CheckpointStore.BEST));
            assertEquals(4, got.step(), blocked);
            assertArrayEquals(expected.theta(), got.theta(), blocked);
        }
    }

    @Test
    void evaluationMetricsReachLogAndBestCheckpoint() throws IOException {
        Path run = dir.resolve("eval");
        Evaluator eval = (theta, step) -> Map.of("val_loss", new NoisyQuadratic(999, 0).value(theta));
        TrainingResult r = trainer(optimizer("sgd"), run, SEED).evaluation(eval, 5).bestMetric("val_loss", false)
                .build().run(start());
        List<String> log = lines(run.resolve("metrics.jsonl"));
        Pattern p = Pattern.compile("\"val_loss\":([-0-9.Ee]+)");
        int evaluated = 0;
        double best = Double.POSITIVE_INFINITY;
        for (String line : log) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                evaluated++;
                best = Math.min(best, Double.parseDouble(m.group(1)));
            }
            assertTrue(line.matches("\\{\"step\":\\d+,\"total_steps\":15,\"loss\":[-0-9.Ee]+,\"lr\":[-0-9.Ee]+,"
                    + "\"step_queries\":5,\"queries\":\\d+,\"wall_s\":[-0-9.Ee]+(,\"val_loss\":[-0-9.Ee]+)?}"), line);
        }
        assertEquals(3, evaluated, "steps 5, 10, 15");
        assertEquals(best, r.bestMetric(), 0.0);
        Checkpoint bestCkpt = CheckpointStore.read(run.resolve(CheckpointStore.BEST));
        assertEquals(best, bestCkpt.bestMetric(), 0.0);
    }

    @Test
    void builderRejectsIncompleteConfiguration() {
        assertThrows(NullPointerException.class, () -> Trainer.builder().build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder().steps(0));
        assertTrue(e.getMessage().contains("0"));
        Trainer t = trainer(optimizer("sgd"), dir.resolve("once"), SEED).build();
        t.run(start());
        assertThrows(IllegalStateException.class, () -> t.run(start()));
    }

    private static List<String> lines(Path p) throws IOException {
        return Files.readAllLines(p);
    }
}
