package org.deepzero.solver.external;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.deepzero.common.InputException;

/**
 * One running external solver process and the DZX1 protocol on its stdin/stdout (solver/README.md,
 * "External solvers"): a start handshake, then one request and one answer per step, little-endian
 * throughout. Not thread-safe: the {@link ExternalPool} lends a process to one caller at a time.
 *
 * <p>Time-outs: a watchdog kills the process when an answer is late; the blocked read then ends at
 * end of stream and the failure is reported as a hang. The last line the program wrote to stderr is
 * kept for messages (a Python traceback ends with the exception).
 */
final class ExternalProcess implements AutoCloseable {
    /** Magic of the start message and of its answer: protocol DZX, version 1. */
    static final byte[] MAGIC = "DZX1".getBytes(StandardCharsets.US_ASCII);
    /** Operation code of a step request. */
    static final int OP_STEP = 1;
    /** Status of a good answer. */
    static final int OK = 0;

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "external-solver-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final ExternalProgram program;
    private final Process process;
    private final OutputStream in;
    private final InputStream out;
    private final Thread stderrDrain;
    private volatile String lastErrorLine = "";
    private final AtomicBoolean killedByWatchdog = new AtomicBoolean();
    /** The time-out of the request in flight. */
    private volatile Duration armed = Duration.ZERO;
    /** The case key of that time-out. */
    private volatile String armedKey = "timeout";

    /**
     * Starts the program and completes the start handshake.
     *
     * @throws InputException when the program cannot be started or does not answer the handshake
     *                        (a wrong {@code [external] command} is the case's mistake)
     */
    ExternalProcess(ExternalProgram program) {
        this.program = program;
        ProcessBuilder pb = new ProcessBuilder(program.command()).directory(program.directory().toFile());
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new InputException(program.caseFile(), "[external] command",
                    "cannot start '" + program.display() + "': " + e.getMessage());
        }
        in = new BufferedOutputStream(process.getOutputStream(), 1 << 16);
        out = new BufferedInputStream(process.getInputStream(), 1 << 16);
        stderrDrain = new Thread(this::drainStderr, "external-solver-stderr");
        stderrDrain.setDaemon(true);
        stderrDrain.start();
        try {
            handshake();
        } catch (IOException e) {
            String why = failure(e);
            close();
            throw new InputException(program.caseFile(), "[external] command", "'" + program.display()
                    + "' did not complete the DZX1 start handshake: " + why);
        }
    }

    private void handshake() throws IOException {
        byte[] text = program.settings().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = little(8 + text.length);
        b.put(MAGIC).putInt(text.length).put(text);
        ScheduledFuture<?> watch = watch(program.startTimeout(), "start_timeout");
        try {
            in.write(b.array());
            in.flush();
            byte[] magic = readFully(4);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new ProtocolError("answered with " + printable(magic) + " instead of DZX1");
            }
            int status = little(readFully(4)).getInt();
            if (status != OK) {
                throw new ProtocolError("refused to start: " + message());
            }
        } finally {
            watch.cancel(false);
        }
    }

    /**
     * One step: sends the state and the parameters, returns the next state.
     *
     * @param step       steps taken to reach {@code state}
     * @param time       its time
     * @param parameters the case parameters, in the order of the start message
     * @param state      the state in channel layout
     * @return the next state, as many values as {@code state}
     * @throws StepFailure when the process crashed, hung or broke the protocol (it is then dead), or
     *                     reported an error itself (it lives on)
     */
    double[] step(long step, double time, double[] parameters, double[] state) throws StepFailure {
        ByteBuffer b = little(4 + 8 + 8 + 4 + 8 * parameters.length + 4 + 8 * state.length);
        b.putInt(OP_STEP).putLong(step).putDouble(time).putInt(parameters.length);
        for (double p : parameters) {
            b.putDouble(p);
        }
        b.putInt(state.length);
        for (double s : state) {
            b.putDouble(s);
        }
        ScheduledFuture<?> watch = watch(program.stepTimeout(), "timeout");
        try {
            in.write(b.array());
            in.flush();
            int status = little(readFully(4)).getInt();
            if (status != OK) {
                throw new StepFailure(false, "reported an error: " + message());
            }
            int n = little(readFully(4)).getInt();
            if (n != state.length) {
                throw new StepFailure(true, "answered with " + n + " values, expected " + state.length
                        + " (the protocol's channels x height x width)");
            }
            ByteBuffer r = little(readFully(8 * n));
            double[] next = new double[n];
            for (int k = 0; k < n; k++) {
                next[k] = r.getDouble();
            }
            return next;
        } catch (IOException e) {
            throw new StepFailure(true, failure(e));
        } finally {
            watch.cancel(false);
        }
    }

    /** The program answered, but not in DZX1. */
    private static final class ProtocolError extends IOException {
        private static final long serialVersionUID = 1L;

        ProtocolError(String message) {
            super(message);
        }
    }

    /** A failed step; {@code fatal} when the process is unusable and must be replaced. */
    static final class StepFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean fatal;

        StepFailure(boolean fatal, String message) {
            super(message);
            this.fatal = fatal;
        }
    }

    /** What went wrong, in words: hung (killed by the watchdog), exited (with code and last stderr line), or I/O. */
    private String failure(IOException e) {
        if (killedByWatchdog.get()) {
            return "gave no answer within " + seconds(armed) + " ([external] " + armedKey + "); killed it";
        }
        if (e instanceof ProtocolError) {
            return e.getMessage();
        }
        try {
            // its output ended or its input broke: it is exiting, or about to be; its code and last words say why
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                stderrDrain.join(1000);
                String last = lastErrorLine.isEmpty() ? "" : ": " + lastErrorLine;
                return "exited with code " + process.exitValue() + last;
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static String seconds(Duration d) {
        return org.deepzero.solver.pde.CaseParameters.trim(d.toMillis() / 1000.0) + " s";
    }

    private ScheduledFuture<?> watch(Duration timeout, String key) {
        armed = timeout;
        armedKey = key;
        return WATCHDOG.schedule(() -> {
            killedByWatchdog.set(true);
            process.destroyForcibly();
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private String message() throws IOException {
        int n = little(readFully(4)).getInt();
        if (n < 0 || n > 1 << 20) {
            throw new ProtocolError("error message of " + n + " bytes");
        }
        return new String(readFully(n), StandardCharsets.UTF_8).replace('\n', ' ').strip();
    }

    private byte[] readFully(int n) throws IOException {
        byte[] b = out.readNBytes(n);
        if (b.length != n) {
            throw new IOException("its output ended after " + b.length + " of " + n + " bytes");
        }
        return b;
    }

    private static ByteBuffer little(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer little(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static String printable(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(x >= 32 && x < 127 ? Character.toString(x) : String.format(Locale.ROOT, "\\x%02x", x & 0xff));
        }
        return "'" + s + "'";
    }

    private void drainStderr() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    lastErrorLine = line.strip();
                }
            }
        } catch (IOException e) {
            // the process is gone; what it said so far is kept
        }
    }

    /** @return whether the process still runs */
    boolean alive() {
        return process.isAlive();
    }

    /** Closes its input (a well-behaved program exits at end of input), then kills it if it lingers. */
    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(200, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
