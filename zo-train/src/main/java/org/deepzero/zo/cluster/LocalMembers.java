package org.deepzero.zo.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cluster members as separate JVMs on this machine's loopback, started with this JVM's class path
 * ({@link Worker#main}): for tests and one-machine benchmarks. {@link #close} ends every one of them.
 */
public final class LocalMembers implements AutoCloseable {
    private final String clusterName;
    private final int port;
    private final int threads;
    private final String maxHeap;
    private final List<Process> processes = new ArrayList<>();
    /** {@code host:port} of every started member, as it reported on joining. */
    private final List<String> addresses = new ArrayList<>();

    /**
     * @param port    the first member's port (the others take the next free ones); joiners use {@link #joinList}
     * @param threads query threads per member
     * @param maxHeap each member's {@code -Xmx} value, e.g. {@code 512m}
     */
    public LocalMembers(String clusterName, int port, int threads, String maxHeap) {
        this.clusterName = clusterName;
        this.port = port;
        this.threads = threads;
        this.maxHeap = maxHeap;
    }

    /**
     * The member list a caller joins: the address each started member reported (members started
     * together race for the ports from {@code port} on, so any of them may hold the first; listing only
     * that one left a caller without a cluster once that member was killed).
     */
    public JoinList joinList() {
        synchronized (addresses) {
            return JoinList.parse(addresses.isEmpty() ? "127.0.0.1:" + port : String.join(",", addresses), "members");
        }
    }

    /** Starts {@code count} members at once and returns when every one has joined. */
    public LocalMembers start(int count) throws IOException {
        List<Process> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            started.add(launch());
        }
        processes.addAll(started);
        for (Process p : started) {
            String address = awaitJoined(p);
            synchronized (addresses) {
                addresses.add(address);
            }
        }
        return this;
    }

    /**
     * {@link #start} in the background, so that the caller can prepare what the members will read while
     * they boot (a member JVM takes seconds to join).
     */
    public CompletableFuture<LocalMembers> startInBackground(int count) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return start(count);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The member processes, in start order. */
    public List<Process> processes() {
        return List.copyOf(processes);
    }

    private Process launch() throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"), Worker.class.getName(),
                clusterName, "127.0.0.1:" + port, Integer.toString(port), Integer.toString(threads))
                .redirectErrorStream(true).start();
    }

    /** Waits for member {@code p}'s "worker [host]:port joined ..." line; returns its {@code host:port}. */
    private static String awaitJoined(Process p) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        StringBuilder before = new StringBuilder();
        while ((line = r.readLine()) != null && !line.startsWith("worker ")) {
            before.append(line).append(' '); // Hazelcast logging is off: only an error comes before the line
        }
        if (line == null) {
            throw new IOException("cluster member exited before joining: " + before.toString().strip());
        }
        // drain the rest so the member never blocks on a full pipe
        Thread t = new Thread(() -> r.lines().forEach(l -> { }), "member-output-" + p.pid());
        t.setDaemon(true);
        t.start();
        String address = line.substring("worker ".length(), line.indexOf(' ', "worker ".length()));
        return address.replace("[", "").replace("]", "");
    }

    /** Ends every member (a stopped one is continued first, so it can die). */
    @Override
    public void close() {
        for (Process p : processes) {
            try {
                new ProcessBuilder("kill", "-CONT", Long.toString(p.pid())).start().waitFor();
            } catch (IOException e) {
                // no kill command: a stopped member is then left to the destroy below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
