package org.deepzero.coupling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deepzero.common.ProgressListener;
import org.deepzero.coupling.spec.CouplingSpec;
import org.deepzero.coupling.train.Selection;
import org.deepzero.solver.flow.FlowState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose training only makes things worse keeps its start, and the report says so in words. */
class SelectionReportTest {
    @TempDir
    Path dir;

    @Test
    void keptStartIsReportedInWords() throws Exception {
        // a cold run with an absurd step size: every validation is worse than the start (the plain solver)
        String coupling = TinyCase.COUPLING.replace("methods = sol-zo", "methods = sol-zo-cold\ncold_learning_rate = 5\n"
                + "cold_readout_steps = 3");
        CouplingSpec<FlowState> spec = TinyCase.spec(dir, coupling);
        CouplingRun<FlowState> run = new CouplingRun<>(spec, dir.resolve("run"), ProgressListener.NONE);
        Map<String, Map<Integer, double[]>> trained = run.train(List.of("sol-zo-cold"));
        Path method = dir.resolve("run/train/sol-zo-cold");
        Selection selection = Selection.read(method).orElseThrow();
        assertEquals(0, selection.selectedStep(), "the start validated best: " + selection);
        assertTrue(selection.keptStart());
        assertEquals(selection.startValMae(), selection.selectedValMae(), 0.0);
        assertArrayEquals(run.setup().corrector().initialParameters(spec.corrector().seed()), trained.get("sol-zo-cold").get(0));
        run.evaluate(trained);
        Path report = dir.resolve("run/report");
        List<String> csv = Files.readAllLines(report.resolve("selection.csv"));
        assertEquals(2, csv.size(), csv.toString());
        assertTrue(csv.get(1).startsWith("sol-zo-cold,0,6,") && csv.get(1).endsWith(",true"), csv.get(1));
        String html = Files.readString(report.resolve("index.html"));
        assertTrue(html.contains("kept the starting parameters"), "the report says the start was kept");
        assertTrue(Files.isRegularFile(report.resolve("validation.png")));
    }
}
