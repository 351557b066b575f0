package org.deepzero.coupling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deepzero.common.ProgressListener;
import org.deepzero.coupling.eval.TestRollouts;
import org.deepzero.coupling.report.ReportWriter;
import org.deepzero.coupling.report.Summary;
import org.deepzero.coupling.spec.CouplingSpec;
import org.deepzero.coupling.train.CouplingSetup;
import org.deepzero.solver.flow.FlowState;
import org.deepzero.solver.flow.WakeTrajectoryReader;
import org.deepzero.solver.io.XdmfCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole job on a tiny case, and the report checked against its own HDF5 fields. */
class CouplingRunTest {
    @TempDir
    static Path dir;
    static CouplingRun<FlowState> run;
    static Summary summary;
    static Map<String, Map<Integer, double[]>> trained;

    @BeforeAll
    static void runAll() throws Exception {
        CouplingSpec<FlowState> spec = TinyCase.spec(dir);
        run = new CouplingRun<>(spec, dir.resolve("run"), ProgressListener.NONE);
        trained = run.train(run.caseMethods());
        summary = run.evaluate(trained);
    }

    @Test
    void reportHasEveryPart() throws Exception {
        Path report = dir.resolve("run/report");
        for (String f : List.of("index.html", "summary.json", "errors.csv", "rollouts.csv", "error.png",
                "vorticity-step6.png", "vorticity-step12.png", "selection.csv", "validation.png")) {
            assertTrue(Files.isRegularFile(report.resolve(f)), f);
        }
        assertEquals(List.of("src", "non", "sol-zo"), summary.headline().stream().map(Summary.Row::method).toList());
        assertTrue(Files.exists(dir.resolve("run/train/sol-zo/metrics.jsonl")));
        // every reference the run made is an XDMF index over HDF5 parts that matches them
        List<Path> references;
        try (var s = Files.list(run.setup().spec().pde().outputDir())) {
            references = s.filter(p -> p.getFileName().toString().matches("reference-.*\\.xdmf")).toList();
        }
        assertEquals(run.setup().reference().parameters().size(), references.size());
        for (Path r : references) {
            assertEquals(run.setup().spec().pde().frames(), XdmfCheck.verify(r));
        }
    }

    /** The report's numbers equal those recomputed from the HDF5 fields it wrote (float32 storage). */
    @Test
    void reportNumbersMatchItsFields() throws Exception {
        Path report = dir.resolve("run/report");
        Summary read = Summary.read(report.resolve("summary.json"));
        CouplingSetup<FlowState> setup = run.setup();
        TestRollouts<FlowState> test = setup.test();
        for (Summary.Row row : read.headline()) {
            double[] means = new double[test.starts().size()];
            for (int i = 0; i < means.length; i++) {
                String name = ReportWriter.fileName(test.starts().get(i), setup.spec().pde());
                Path field = report.resolve("fields").resolve(row.method()).resolve(name);
                assertEquals(test.steps(), XdmfCheck.verify(field));
                var got = WakeTrajectoryReader.read(field);
                var ref = WakeTrajectoryReader.read(report.resolve("fields/reference").resolve(name));
                assertEquals(test.steps(), got.frames().size());
                double sum = 0;
                for (int k = 0; k < test.steps(); k++) {
                    sum += mae(got.frames().get(k), ref.frames().get(k), setup);
                }
                means[i] = sum / test.steps();
                assertEquals(row.rolloutMeans()[i], means[i], 1e-6 * Math.max(1e-3, means[i]),
                        row.method() + " rollout " + i);
            }
            double mean = java.util.Arrays.stream(means).average().orElseThrow();
            assertEquals(row.meanMae(), mean, 1e-6 * mean, row.method());
        }
    }

    private static double mae(FlowState a, FlowState b, CouplingSetup<FlowState> setup) {
        double[] x = a.toChannels();
        double[] y = b.toChannels();
        double sum = 0;
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (setup.corrector().isOpen(i)) {
                sum += Math.abs(x[i] - y[i]);
                n++;
            }
        }
        return sum / n;
    }

    /** A second run over the same folder reuses the finished training instead of training again. */
    @Test
    void finishedRunsAreReused() {
        List<String> lines = new java.util.ArrayList<>();
        CouplingRun<FlowState> again = new CouplingRun<>(run.setup().spec(), dir.resolve("run"), new ProgressListener() {
            @Override
            public void progress(String phase, long done, long total, Map<String, Double> values) {
                lines.add(phase + " " + done + "/" + total);
            }

            @Override
            public void note(String message) {
                lines.add(message);
            }
        });
        Map<String, Map<Integer, double[]>> reused = again.train(again.caseMethods());
        for (String m : trained.keySet()) {
            assertTrue(java.util.Arrays.equals(trained.get(m).get(0), reused.get(m).get(0)), m);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("reusing")), lines.toString());
    }
}
