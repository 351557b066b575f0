package org.deepzero.zo.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * A cluster member that evaluates query chunks until stopped ({@code deepzero worker}). It loads its
 * data from its own disk when a recipe first asks for it; recipes verify the data's hash there.
 */
public final class Worker {
    private Worker() {
    }

    /**
     * Starts a member and blocks until the JVM is asked to stop (Ctrl-C, SIGTERM).
     *
     * @param port    first port tried (auto-incremented when taken)
     * @param threads threads evaluating chunks on this member
     */
    public static void run(String clusterName, JoinList join, int port, int threads, PrintStream out)
            throws InterruptedException {
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(ClusterConfigs.member(clusterName, join, false, port, threads));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            hz.getLifecycleService().terminate();
            stopped.countDown();
        }));
        try {
            out.println("worker " + hz.getCluster().getLocalMember().getAddress() + " joined cluster '" + clusterName
                    + "' (" + hz.getCluster().getMembers().size() + " members), " + threads + " threads");
            out.flush();
            stopped.await();
        } finally {
            hz.getLifecycleService().terminate();
        }
    }

    /** {@code Worker <clusterName> <join> <port> <threads>}: a member for tests and scripts. */
    public static void main(String[] args) throws InterruptedException {
        run(args[0], JoinList.parse(args[1], "join"), Integer.parseInt(args[2]), Integer.parseInt(args[3]), System.out);
    }
}
