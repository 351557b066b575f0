package org.deepzero.solver.external;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A pool of processes of one external program, so that parallel queries (the query executor's
 * threads) step at once. Processes start when first needed, up to {@code size}; a caller waits when
 * all are busy. A process that crashes, hangs or breaks the protocol is killed and the failure
 * reported in one line ({@link ExternalSolverException}); its place is refilled by a fresh process
 * for the next step. Thread-safe. Processes are closed by {@link #close()} or when the JVM exits.
 */
public final class ExternalPool implements AutoCloseable {
    private final ExternalProgram program;
    private final int size;
    /** Idle slots; a slot holds a running process or null (not started, or lost). */
    private final BlockingQueue<Slot> idle;
    private final List<Slot> all = new ArrayList<>();
    private final Thread shutdownHook;
    private volatile boolean closed;

    private static final class Slot {
        volatile ExternalProcess process;
    }

    /**
     * @param program the program
     * @param size    most processes at once, at least 1
     */
    public ExternalPool(ExternalProgram program, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a pool needs at least one process, got " + size);
        }
        this.program = program;
        this.size = size;
        this.idle = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            Slot s = new Slot();
            all.add(s);
            idle.add(s);
        }
        // a program that hangs ignores the end of its input: kill what is left when the JVM goes
        shutdownHook = new Thread(this::closeAll, "external-solver-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** @return the program */
    public ExternalProgram program() {
        return program;
    }

    /** @return most processes at once */
    public int size() {
        return size;
    }

    /**
     * One step in a free process (started if the slot has none).
     *
     * @param label      what is being stepped, for messages, e.g. {@code nu=0.1 seed=3}
     * @param step       steps taken to reach {@code state}
     * @param time       its time
     * @param parameters case parameter values, in the order of the start message
     * @param state      the state in channel layout
     * @return the next state
     * @throws ExternalSolverException naming the program and the step when the step failed
     * @throws org.deepzero.common.InputException when the program does not start or speak the protocol
     */
    public double[] step(String label, long step, double time, double[] parameters, double[] state) {
        if (closed) {
            throw new IllegalStateException("external solver pool of '" + program.display() + "' is closed");
        }
        Slot slot = take();
        try {
            if (slot.process == null) {
                slot.process = new ExternalProcess(program);
            }
            return slot.process.step(step, time, parameters, state);
        } catch (ExternalProcess.StepFailure f) {
            if (f.fatal) {
                slot.process.close();
                slot.process = null; // the next step in this slot starts a fresh process
            }
            throw new ExternalSolverException("external program '" + program.display() + "' failed at step "
                    + (step + 1) + " (" + label + "): " + f.getMessage()
                    + (f.fatal ? "; it is restarted for the next step" : ""));
        } finally {
            idle.add(slot);
        }
    }

    private Slot take() {
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an external solver process", e);
        }
    }

    /** @return processes running now (for tests) */
    public int running() {
        synchronized (all) {
            return (int) all.stream().filter(s -> s.process != null && s.process.alive()).count();
        }
    }

    private void closeAll() {
        closed = true;
        synchronized (all) {
            for (Slot s : all) {
                ExternalProcess p = s.process;
                if (p != null) {
                    p.close();
                    s.process = null;
                }
            }
        }
    }

    /** Ends every process (closing their input first, so a well-behaved program exits by itself). */
    @Override
    public void close() {
        closeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already; the hook does the same
        }
    }
}
