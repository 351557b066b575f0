package org.deepzero.coupling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deepzero.coupling.data.ReferenceCache;
import org.deepzero.coupling.rollout.RolloutLoss;
import org.deepzero.coupling.spec.CouplingSpec;
import org.deepzero.coupling.train.CouplingSetup;
import org.deepzero.coupling.train.NonTraining;
import org.deepzero.coupling.train.WindowSampler;
import org.deepzero.common.ProgressListener;
import org.deepzero.solver.flow.FlowState;
import org.deepzero.solver.flow.WakeFlowCase;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.solver.pde.CoupledPde;
import org.deepzero.zo.autodiff.AutodiffGradient;
import org.deepzero.zo.estimate.Cge;
import org.deepzero.zo.estimate.Difference;
import org.deepzero.zo.estimate.GradientEstimator;
import org.deepzero.zo.estimate.SparseCge;
import org.deepzero.zo.objective.QueryOptions;
import org.deepzero.zo.objective.StagedObjective;
import org.deepzero.zo.optim.Adam;
import org.deepzero.zo.optim.LearningRateSchedule;
import org.deepzero.zo.query.LocalQueryExecutor;
import org.deepzero.zo.query.Query;
import org.deepzero.zo.query.QueryBatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** The coupled rollout and the losses DeepZero trains on, against the plain solver and autodiff. */
class RolloutTest {
    @TempDir
    static Path dir;
    static CouplingSetup<FlowState> setup;

    @BeforeAll
    static void setUp() throws Exception {
        CouplingSpec<FlowState> spec = TinyCase.spec(dir);
        setup = CouplingSetup.of(spec, ReferenceCache.load(spec.pde(), List.of(re(100), re(160), re(130)),
                ProgressListener.NONE));
    }

    private static CaseParameters re(double re) {
        return WakeFlowCase.reynolds(re);
    }

    /** With all-zero weights the corrector adds exactly nothing: the rollout is the plain solver's. */
    @Test
    void zeroCorrectorIsThePlainSolver() {
        CaseParameters re = re(130);
        FlowState start = setup.reference().frames(re).get(3);
        double[] zero = new double[setup.corrector().model().space().dimension()];
        List<List<FlowState>> coupled = setup.rollout().rollout(List.of(start), List.of(re),
                setup.corrector().model().weights(zero), 10);
        CoupledPde<FlowState> solver = setup.solvers().get(re);
        FlowState plain = start;
        for (int k = 0; k < 10; k++) {
            plain = solver.step(plain);
            assertArrayEquals(plain.uValues(), coupled.get(k).get(0).uValues(), 0.0, "u after step " + (k + 1));
            assertArrayEquals(plain.vValues(), coupled.get(k).get(0).vValues(), 0.0, "v after step " + (k + 1));
        }
    }

    /** The corrector's initial weights (last layer zero) also start exactly at the plain solver. */
    @Test
    void initialCorrectorIsThePlainSolver() {
        CaseParameters re = re(100);
        FlowState start = setup.reference().frames(re).get(0);
        double[] theta = setup.corrector().initialParameters(1);
        FlowState coupled = setup.rollout().step(List.of(start), List.of(re),
                setup.corrector().model().weights(theta)).get(0);
        assertArrayEquals(setup.solvers().get(re).step(start).uValues(), coupled.uValues(), 0.0);
    }

    /** Feature reuse in the first network application changes no query value. */
    @Test
    void featureReuseGivesTheSameValues() {
        var windows = new WindowSampler<>(setup.reference(), List.of(re(100), re(160)), 30, 3, 2, 5).windows(0);
        RolloutLoss<FlowState> reuse = new RolloutLoss<>(setup.rollout(), windows, true);
        RolloutLoss<FlowState> plain = new RolloutLoss<>(setup.rollout(), windows, false);
        double[] theta = setup.corrector().initialParameters(3);
        new SplittableRandom(1).doubles(theta.length, -0.05, 0.05).forEach(new java.util.function.DoubleConsumer() {
            int i;
            public void accept(double d) {
                theta[i++] += d;
            }
        });
        List<Query> qs = new java.util.ArrayList<>();
        for (int i = 0; i < theta.length; i += 7) {
            qs.add(new Query.Coordinate(i, 5e-3));
        }
        QueryBatch batch = new QueryBatch(theta, qs);
        double[] a = reuse.values(batch);
        double[] b = plain.values(batch);
        double worst = 0;
        for (int q = 0; q < a.length; q++) {
            worst = Math.max(worst, Math.abs(a[q] - b[q]) / Math.abs(b[q]));
        }
        System.out.printf("rollout loss with feature reuse: worst relative deviation %.2e over %d queries%n", worst, a.length);
        for (int q = 0; q < a.length; q++) {
            assertEquals(b[q], a[q], 0.0, "query " + q);   // measured bit-identical: reuse skips work, not rounding
        }
    }

    /** On the NON (supervised) loss, CGE with central differences matches the autodiff gradient. */
    @Test
    void cgeMatchesAutodiffOnTheSupervisedLoss() {
        NonTraining<FlowState> non = new NonTraining<>(setup.corrector(), setup.pairs(), 4, 11);
        StagedObjective f32 = non.objective(0);
        StagedObjective f64 = new StagedObjective(f32.model().withDataType(DataType.DOUBLE), f32.input(), f32.loss(),
                QueryOptions.plain());
        double[] theta = setup.corrector().model().initialParameters(5);
        double[] exact = new AutodiffGradient(f64.model(), DataType.DOUBLE).lossAndGradient(theta, f64.input(),
                f64.loss()).gradient();
        double[] cge = Cge.of(1e-5, Difference.CENTRAL).estimate(f64, theta, LocalQueryExecutor.serial(),
                new SplittableRandom(0)).gradient();
        double num = 0;
        double den = 0;
        for (int i = 0; i < cge.length; i++) {
            num += (cge[i] - exact[i]) * (cge[i] - exact[i]);
            den += exact[i] * exact[i];
        }
        double rel = Math.sqrt(num / den);
        System.out.printf("CGE vs autodiff on the NON loss: relative L2 error %.2e over %d coordinates%n", rel, cge.length);
        assertTrue(rel < 4e-9, "relative L2 error " + rel);   // measured 3.6e-10
    }

    /** Sparse CGE through the solver lowers the n-step rollout loss on a tiny case. */
    @Test
    void solZoLowersTheRolloutLoss() {
        var windows = new WindowSampler<>(setup.reference(), List.of(re(100), re(160)), 30, 3, 4, 9).windows(0);
        RolloutLoss<FlowState> loss = new RolloutLoss<>(setup.rollout(), windows, true);
        double[] theta = setup.corrector().initialParameters(1);
        double before = loss.value(theta);
        boolean[] mask = new boolean[theta.length];
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < mask.length; i++) {
            mask[i] = r.nextDouble() < 0.5;
        }
        GradientEstimator sparse = new SparseCge(() -> mask, 5e-3);
        var adam = Adam.builder(new LearningRateSchedule.Constant(1e-2)).build();
        try (LocalQueryExecutor ex = new LocalQueryExecutor()) {
            for (int s = 0; s < 20; s++) {
                var e = sparse.estimate(loss, theta, ex, new SplittableRandom(s));
                adam.step(theta, e.gradient(), s);
            }
        }
        double after = loss.value(theta);
        System.out.printf("sol-zo rollout loss %.6g -> %.6g%n", before, after);
        assertTrue(after < 0.97 * before, before + " -> " + after);
    }

}
