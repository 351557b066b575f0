package org.deepzero.defense.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.deepzero.common.InputException;
import org.deepzero.defense.DefensePipeline;
import org.deepzero.defense.denoise.Networks;
import org.deepzero.defense.train.DefenseConfig;
import org.deepzero.defense.train.DefenseMethod;
import org.deepzero.defense.train.DefenseTraining;
import org.deepzero.vision.data.Cifar10;
import org.deepzero.vision.data.ImageSet;
import org.deepzero.vision.model.ModelSpec;
import org.deepzero.zo.cluster.ClusterQueryExecutor;
import org.deepzero.zo.cluster.LocalMembers;
import org.deepzero.zo.estimate.Cge;
import org.deepzero.zo.estimate.Difference;
import org.deepzero.zo.objective.QueryOptions;
import org.deepzero.zo.param.ParameterIO;
import org.deepzero.zo.prune.LayerRatios;
import org.deepzero.zo.prune.MaskSampler;
import org.deepzero.zo.query.DescribedObjective;
import org.deepzero.zo.query.LocalQueryExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * DeepZero-DS and ZO-AE-DS through two member JVMs on loopback: members rebuild F from its parameters
 * file, the training images and the noisy batches (DeepZero-DS) or the decoder and the perturbed latent
 * codes (ZO-AE-DS) from their recipes; the trained parameters equal the local executor's bit for bit, and
 * the black-box query count (members' queries returned with their values) is the exact budget of the
 * local run. A member whose parameters file differs is refused in one line.
 */
class DefenseClusterTest {
    private static final String NAME = "dz-defense-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    // below the kernel's ephemeral ports (32768 and up here), so no outgoing connection holds the members' ports
    private static final int PORT = 26_000 + (int) (ProcessHandle.current().pid() % 3_000);

    @TempDir
    static Path dir;
    static LocalMembers members;

    @BeforeAll
    static void setUp() throws Exception {
        members = new LocalMembers(NAME, PORT, 1, "512m");
        // the members start while this JVM writes the files they will read
        CompletableFuture<LocalMembers> started = members.startInBackground(2);
        Path data = Files.createDirectories(dir.resolve("cifar"));
        writeShard(data.resolve("cifar10-train-000.bin"), 40, 1);
        writeShard(data.resolve("cifar10-test-000.bin"), 10, 2);
        ModelSpec victim = ModelSpec.cnn(1, 4);
        var model = victim.build(DataType.FLOAT);
        ParameterIO.save(dir.resolve("victim.params"), model.space(), model.initialParameters(7));
        started.join();
    }

    @AfterAll
    static void stop() {
        members.close();
    }

    /** {@code n} random CIFAR-10 records (label byte, then 3,072 pixel bytes). */
    private static void writeShard(Path file, int n, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] b = new byte[n * Cifar10.RECORD_BYTES];
        for (int i = 0; i < n; i++) {
            b[i * Cifar10.RECORD_BYTES] = (byte) (i % ImageSet.CLASSES);
            for (int k = 1; k < Cifar10.RECORD_BYTES; k++) {
                b[i * Cifar10.RECORD_BYTES + k] = (byte) r.nextInt(256);
            }
        }
        Files.write(file, b);
    }

    /** Batch 3, 2 steps, 10 coordinates per step, ZO-GraSP with 4 directions, tiny denoiser (as QueryBudgetTest). */
    private static DefenseConfig config(String out) {
        return new DefenseConfig(dir.resolve("cifar"), dir.resolve("victim.params"), ModelSpec.cnn(1, 4),
                dir.resolve(out), 0.25, 3, 40, 20, 4, 3, 1, 4, 1e-3, 2, 3, 1e-3, 5e-3, 10, 1, 4, 2, 1, 2);
    }

    private static ClusterQueryExecutor cluster() {
        return ClusterQueryExecutor.join(members.joinList(), new ClusterQueryExecutor.Settings(NAME, 0.2, 2, 60_000),
                "test");
    }

    /**
     * One join for every check (members are JVMs: each join costs seconds): DeepZero-DS and ZO-AE-DS
     * (RGE and CGE over the latent code) trained through the members, then a recipe whose parameters hash
     * is not the members' file's.
     */
    @Test
    void defenseMethodsThroughMembersEqualLocalWithTheSameQueryCountAndOtherParametersAreRefused() throws Exception {
        Map<DefenseMethod, DefenseTraining.Trained> local = new EnumMap<>(DefenseMethod.class);
        try (LocalQueryExecutor x = new LocalQueryExecutor(2)) {
            DefensePipeline pipeline = new DefensePipeline(config("local"), false, List.of(), x);
            for (DefenseMethod m : List.of(DefenseMethod.DEEPZERO, DefenseMethod.ZO_AE, DefenseMethod.ZO_AE_CGE)) {
                local.put(m, pipeline.train(m));
            }
        }
        DefenseConfig c = config("cluster");
        try (ClusterQueryExecutor x = cluster()) {
            assertEquals(2, x.members().size());
            DefensePipeline pipeline = new DefensePipeline(c, false, List.of(), x);
            deepZeroDs(c, pipeline, x, local.get(DefenseMethod.DEEPZERO));
            zoAeDs(c, pipeline, x, local.get(DefenseMethod.ZO_AE), c.coordinates());
            zoAeDs(c, pipeline, x, local.get(DefenseMethod.ZO_AE_CGE), Networks.LATENT);
            otherParametersAreRefused(c, x);
        }
    }

    private static void deepZeroDs(DefenseConfig c, DefensePipeline pipeline, ClusterQueryExecutor x,
                                   DefenseTraining.Trained local) throws IOException {
        DefenseTraining.Trained remote = pipeline.train(DefenseMethod.DEEPZERO);
        assertTrue(x.counters()[1] > 0, "members evaluated no chunk");
        assertEquals(c.steps(), remote.steps());
        assertArrayEquals(local.theta(), remote.theta());
        assertEquals(Files.readString(dir.resolve("local/train-deepzero/ratios.txt")),
                Files.readString(c.out().resolve("train-deepzero/ratios.txt")));

        // the exact budget (QueryBudgetTest's): ZO-GraSP's labels and two RGE estimates of g + 1
        // evaluations, then per step the batch's labels and sparse CGE's m + 1 evaluations of B images
        LayerRatios ratios = LayerRatios.load(c.out().resolve("train-deepzero/ratios.txt"));
        int m = new MaskSampler(Networks.denoiserBranch(c.denoiserWidth(), c.denoiserLayers()).space(), ratios,
                c.seed(), c.maskEvery()).maskSize();
        assertTrue(m >= 9 && m <= 11, "mask of " + m + " coordinates for a budget of 10");
        int b = c.batch();
        long expected = b + 2L * (c.graspQueries() + 1) * b + c.steps() * ((long) b + (long) (m + 1) * b);
        assertEquals(expected, remote.blackBoxQueries());
        assertEquals(local.blackBoxQueries(), remote.blackBoxQueries());
    }

    /**
     * ZO-AE-DS ({@code local}'s method) with {@code k} directions or coordinates: the members evaluate the perturbed latent codes
     * (a decoder and F they rebuilt), the trained denoiser and encoder equal the local ones bit for bit,
     * and the count is QueryBudgetTest's: per step the batch's labels and k + 1 evaluations of B images.
     */
    private static void zoAeDs(DefenseConfig c, DefensePipeline pipeline, ClusterQueryExecutor x,
                               DefenseTraining.Trained local, int k) {
        DefenseMethod method = local.method();
        long before = x.counters()[1];
        DefenseTraining.Trained remote = pipeline.train(method);
        assertTrue(x.counters()[1] > before, method.id() + ": members evaluated no task");
        assertEquals(c.steps(), remote.steps());
        assertArrayEquals(local.theta(), remote.theta(), method.id());
        assertArrayEquals(local.decoderTheta(), remote.decoderTheta(), method.id());
        long expected = c.steps() * ((long) c.batch() + (long) (k + 1) * c.batch());
        assertEquals(expected, remote.blackBoxQueries(), method.id());
        assertEquals(local.blackBoxQueries(), remote.blackBoxQueries(), method.id());
    }

    /** A member with another parameters file than the training process's is refused in one line. */
    private static void otherParametersAreRefused(DefenseConfig c, ClusterQueryExecutor x) {
        BlackBoxRecipe real = BlackBoxRecipe.of(c);
        BlackBoxRecipe other = new BlackBoxRecipe(real.victimKind(), real.victimDepth(), real.victimWidth(),
                real.paramsFile(), "0".repeat(64), real.dataDir(), real.dataHash(), real.trainImages(),
                real.bnImages(), real.denoiserWidth(), real.denoiserLayers());
        StabilityRecipe step = StabilityRecipe.of(other, c.sigma(), c.batch(), c.seed(), 0, new int[] {0, 1, 2},
                QueryOptions.all(8));
        DescribedObjective o = new DescribedObjective(StabilityRecipe.of(real, c.sigma(), c.batch(), c.seed(), 0,
                new int[] {0, 1, 2}, QueryOptions.all(8)).build(), step);
        double[] theta = new double[o.space().dimension()];
        InputException e = assertThrows(InputException.class, () -> Cge.over(new int[] {0, 1, 2, 3, 4, 5}, 5e-3,
                Difference.FORWARD).estimate(o, theta, x, new SplittableRandom(1)));
        String msg = e.getMessage();
        assertTrue(msg.contains("refused") && msg.contains("black-box parameters") && msg.contains("000000000000")
                && !msg.contains("\n"), msg);
    }
}
