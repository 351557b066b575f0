package org.deepzero.coupling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.deepzero.common.InputException;
import org.deepzero.common.ProgressListener;
import org.deepzero.coupling.data.ReferenceCache;
import org.deepzero.coupling.eval.MethodErrors;
import org.deepzero.coupling.eval.TestRollouts;
import org.deepzero.coupling.remote.CoupledSystemRecipe;
import org.deepzero.coupling.remote.RolloutRecipe;
import org.deepzero.coupling.remote.ValidationRecipe;
import org.deepzero.coupling.rollout.RolloutLoss;
import org.deepzero.coupling.spec.CouplingSpec;
import org.deepzero.coupling.spec.TrainingSpec;
import org.deepzero.coupling.train.CouplingSetup;
import org.deepzero.coupling.train.WindowSampler;
import org.deepzero.solver.flow.FlowState;
import org.deepzero.zo.cluster.ClusterQueryExecutor;
import org.deepzero.zo.cluster.LocalMembers;
import org.deepzero.zo.estimate.GradientEstimator;
import org.deepzero.zo.estimate.GradientEstimator.Estimate;
import org.deepzero.zo.estimate.Rge;
import org.deepzero.zo.estimate.SparseCge;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.query.DescribedObjective;
import org.deepzero.zo.query.LocalQueryExecutor;
import org.deepzero.zo.query.QueryExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The solver-in-the-loop loss through two member JVMs on loopback: members rebuild it from its recipe
 * (case text, reference files on their disk, verified by hash) and the sol-zo and sol-rge gradients
 * equal the local executor's bit for bit; a member whose reference data differ is refused.
 */
class CoupledClusterTest {
    private static final String NAME = "dz-coupling-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    // below the kernel's ephemeral ports (32768 and up here), so no outgoing connection holds the members' ports
    private static final int PORT = 29_000 + (int) (ProcessHandle.current().pid() % 3_000);

    @TempDir
    static Path dir;
    static CouplingSetup<FlowState> setup;
    static LocalMembers members;

    @BeforeAll
    static void setUp() throws Exception {
        members = new LocalMembers(NAME, PORT, 1, "512m");
        // the members start while this JVM makes the references they will read
        CompletableFuture<LocalMembers> started = members.startInBackground(2);
        CouplingSpec<FlowState> spec = TinyCase.spec(dir);
        setup = CouplingSetup.of(spec, ReferenceCache.load(spec.pde(), spec.training().parameters(), ProgressListener.NONE));
        started.join();
    }

    @AfterAll
    static void stop() {
        members.close();
    }

    private static ClusterQueryExecutor cluster() {
        return ClusterQueryExecutor.join(members.joinList(), new ClusterQueryExecutor.Settings(NAME, 0.2, 2, 60_000), "test");
    }

    /** A step's loss, described for members by {@code system}. */
    private static Objective loss(CoupledSystemRecipe system, int step) {
        TrainingSpec t = setup.spec().training();
        WindowSampler<FlowState> sampler = new WindowSampler<>(setup.reference(), t.parameters(), t.frames(), t.unroll(),
                t.windows(), t.seed());
        RolloutLoss<FlowState> local = new RolloutLoss<>(setup.rollout(), sampler.windows(step), true);
        return new DescribedObjective(local, RolloutRecipe.of(system, t.unroll(), sampler.picks(step), true));
    }

    /** The corrector's initial weights plus seeded noise, so every layer has a gradient. */
    private static double[] theta() {
        double[] theta = setup.corrector().initialParameters(1);
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < theta.length; i++) {
            theta[i] += 0.05 * r.nextGaussian();
        }
        return theta;
    }

    private static Estimate estimate(GradientEstimator e, Objective o, double[] theta, QueryExecutor x) {
        return e.estimate(o, theta, x, new SplittableRandom(9));
    }

    /**
     * One join for both checks (members are JVMs: each join and start costs seconds): the gradients
     * through members, then a recipe whose reference hash is not the members' (a member with other
     * data), refused with one line.
     */
    @Test
    void solZoAndSolRgeGradientsThroughMembersEqualTheLocalOnesAndOtherDataIsRefused() {
        Objective o = loss(CoupledSystemRecipe.of(setup), 3);
        double[] theta = theta();
        boolean[] mask = new boolean[theta.length];
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < mask.length; i++) {
            mask[i] = r.nextDouble() < 0.3;
        }
        GradientEstimator solZo = SparseCge.fixed(mask);
        GradientEstimator solRge = new Rge(6, 5e-3, Rge.Directions.GAUSSIAN);
        Estimate zoLocal;
        Estimate rgeLocal;
        try (QueryExecutor x = new LocalQueryExecutor(2)) {
            zoLocal = estimate(solZo, o, theta, x);
            rgeLocal = estimate(solRge, o, theta, x);
        }
        long moved = Arrays.stream(zoLocal.gradient()).filter(g -> g != 0).count();
        assertTrue(moved > mask.length / 5, "sol-zo gradient has only " + moved + " non-zero coordinates");
        CoupledSystemRecipe real = CoupledSystemRecipe.of(setup);
        CoupledSystemRecipe other = new CoupledSystemRecipe(real.caseFile(), real.caseLines(), real.caseHash(),
                real.layers(), real.normalization(), "0".repeat(64));
        try (ClusterQueryExecutor x = cluster()) {
            assertEquals(2, x.members().size());
            Estimate zo = estimate(solZo, o, theta, x);
            Estimate rge = estimate(solRge, o, theta, x);
            assertTrue(x.counters()[1] > 0, "members evaluated no chunk");
            assertArrayEquals(zoLocal.gradient(), zo.gradient());
            assertEquals(zoLocal.queries(), zo.queries());
            assertArrayEquals(rgeLocal.gradient(), rge.gradient());

            // the validation rollouts as tasks on the members: per-start errors and their mean bit for bit
            TestRollouts<FlowState> validation = setup.validation();
            MethodErrors local;
            try (QueryExecutor serial = LocalQueryExecutor.serial()) {
                local = validation.errors("sol-zo", theta, serial, null);
            }
            long before = x.counters()[1];
            MethodErrors remote = validation.errors("sol-zo", theta, x, ValidationRecipe.of(real, validation, theta));
            assertTrue(x.counters()[1] > before, "members ran no validation rollout");
            assertEquals(local.rollouts(), remote.rollouts());
            for (int i = 0; i < local.stepMae().length; i++) {
                assertArrayEquals(local.stepMae()[i], remote.stepMae()[i], "validation start " + i);
            }
            assertEquals(Double.doubleToRawLongBits(local.mean()), Double.doubleToRawLongBits(remote.mean()));

            InputException e = assertThrows(InputException.class,
                    () -> estimate(new Rge(4, 5e-3, Rge.Directions.GAUSSIAN), loss(other, 0), theta, x));
            String m = e.getMessage();
            assertTrue(m.contains("refused") && m.contains("reference data hash") && m.contains("000000000000")
                    && !m.contains("\n"), m);
        }
    }
}
