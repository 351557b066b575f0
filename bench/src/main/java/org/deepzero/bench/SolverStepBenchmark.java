package org.deepzero.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.deepzero.solver.flow.FlowState;
import org.deepzero.solver.flow.WakeFlow;
import org.deepzero.solver.flow.FlowCase;
import org.deepzero.solver.flow.FlowCaseReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One wake-flow step of the default case (cases/karman-2d) at the coarse grid (factor 1, 64x32)
 * and the reference grid (factor 4, 256x128), from a developed wake. The pressure share per step
 * is reported by {@code org.deepzero.solver.flow.WakeBenchmark} (used by {@code deepzero simulate --benchmark}).
 * Run from the repository root: the case path is relative.
 *
 * <p>Names the wake flow's types ({@link WakeFlow}, {@link FlowState}, {@link FlowCase}) outside their
 * package on purpose: it measures that solver itself, not a PDE through the contract.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SolverStepBenchmark {
    /** Grid refinement over the coarse case grid. */
    @Param({"1", "4"})
    public int factor;

    private WakeFlow flow;
    private FlowState developed;
    private FlowState state;

    /** Builds the flow and runs it past the start-up transient. */
    @Setup(Level.Trial)
    public void setUp() {
        FlowCase c = FlowCaseReader.read(Path.of(System.getProperty("deepzero.case", "cases/karman-2d")));
        flow = new WakeFlow(c.coarseSpec(c.defaultReynolds()).refined(factor));
        FlowState s = flow.initialState();
        for (int k = 0; k < 100 * factor; k++) {
            s = flow.step(s);
        }
        developed = s;
        state = s;
    }

    /** Restarts each iteration from the same developed state so iterations are comparable. */
    @Setup(Level.Iteration)
    public void rewind() {
        state = developed;
    }

    /** @return the next state (returned so the JIT cannot drop the step) */
    @Benchmark
    public FlowState step() {
        state = flow.step(state);
        return state;
    }
}
