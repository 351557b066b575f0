package org.deepzero.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deepzero.solver.burgers.Burgers2d;
import org.deepzero.solver.burgers.BurgersState;
import org.deepzero.solver.burgers.Forcing;

/**
 * The in-process Burgers solver behind the DZX1 protocol (solver/README.md, "External solvers"): an
 * external program with exactly the numerics of the in-process step, so that {@link ExternalStepOverhead}
 * can time what the protocol and the second process cost by themselves. Reads the start message on
 * stdin, answers, then serves steps until its input ends.
 */
public final class ExternalBurgersServer {
    private ExternalBurgersServer() {
    }

    /** @param args none */
    public static void main(String[] args) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
        OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
        byte[] magic = in.readNBytes(4);
        if (!new String(magic, StandardCharsets.US_ASCII).equals("DZX1")) {
            System.err.println("ExternalBurgersServer: not a DZX1 start message");
            System.exit(2);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : new String(in.readNBytes(readInt(in)), StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                settings.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        int n = Integer.parseInt(settings.get("n"));
        double length = Double.parseDouble(settings.get("length"));
        double dt = Double.parseDouble(settings.get("dt"));
        out.write(little(8).put(magic).putInt(0).array());
        out.flush();
        Map<String, Burgers2d> solvers = new HashMap<>();
        while (true) {
            int op;
            try {
                op = readInt(in);
            } catch (EOFException e) {
                return;
            }
            if (op != 1) {
                System.err.println("ExternalBurgersServer: unknown operation " + op);
                System.exit(2);
            }
            ByteBuffer head = ByteBuffer.wrap(in.readNBytes(20)).order(ByteOrder.LITTLE_ENDIAN);
            long step = head.getLong();
            double time = head.getDouble();
            double[] p = doubles(in, head.getInt());
            double[] state = doubles(in, readInt(in));
            Burgers2d solver = solvers.computeIfAbsent(p[0] + "/" + p[1], k -> new Burgers2d(n, length, p[0], dt,
                    Forcing.sinusoids((long) p[1], Integer.parseInt(settings.get("forcing_terms")),
                            Double.parseDouble(settings.get("forcing_amplitude")),
                            Double.parseDouble(settings.get("forcing_frequency")), length)));
            double[] u = java.util.Arrays.copyOfRange(state, 0, n * n);
            double[] v = java.util.Arrays.copyOfRange(state, n * n, 2 * n * n);
            double[] next = solver.step(new BurgersState(n, u, v, time, step)).toChannels();
            ByteBuffer b = little(8 + 8 * next.length).putInt(0).putInt(next.length);
            for (double x : next) {
                b.putDouble(x);
            }
            out.write(b.array());
            out.flush();
        }
    }

    private static ByteBuffer little(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int readInt(DataInputStream in) throws IOException {
        byte[] b = new byte[4];
        in.readFully(b);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static double[] doubles(DataInputStream in, int count) throws IOException {
        byte[] b = new byte[8 * count];
        in.readFully(b);
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[count];
        for (int k = 0; k < count; k++) {
            out[k] = buf.getDouble();
        }
        return out;
    }
}
