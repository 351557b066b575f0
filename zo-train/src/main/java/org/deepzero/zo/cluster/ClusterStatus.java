package org.deepzero.zo.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.deepzero.common.InputException;

/**
 * Lists the members of a cluster with their queries evaluated and throughput ({@code deepzero cluster
 * status}). It connects as a Hazelcast client, not as a member: a joining member that hears nothing in
 * time forms a cluster of its own and then sees no member (what a status call under heavy load did);
 * a client keeps trying the listed addresses until its time-out.
 */
public final class ClusterStatus {
    /** How long to keep trying to reach a member, and to wait for a member's counters. */
    public static final long DEFAULT_TIMEOUT_MILLIS = 60_000;

    private ClusterStatus() {
    }

    /** {@link #print(String, JoinList, String, PrintStream, long)} with {@link #DEFAULT_TIMEOUT_MILLIS}. */
    public static void print(String clusterName, JoinList join, String where, PrintStream out) throws Exception {
        print(clusterName, join, where, out, DEFAULT_TIMEOUT_MILLIS);
    }

    /**
     * @throws InputException one line naming {@code where} when no member answers within {@code timeoutMillis}
     */
    public static void print(String clusterName, JoinList join, String where, PrintStream out, long timeoutMillis)
            throws Exception {
        HazelcastInstance hz;
        try {
            hz = HazelcastClient.newHazelcastClient(ClusterConfigs.client(clusterName, join, timeoutMillis));
        } catch (RuntimeException e) {
            throw new InputException(where + ": no member of cluster '" + clusterName + "' answered at " + join
                    + " within " + timeoutMillis / 1000 + " s (start them with: deepzero worker --join " + join + ")", e);
        }
        try {
            List<Member> workers = hz.getCluster().getMembers().stream().filter(m -> !m.isLiteMember()).toList();
            if (workers.isEmpty()) {
                throw new InputException(where + ": the cluster at " + join + " has no worker, only training processes");
            }
            Map<Member, Future<long[]>> stats = hz.getExecutorService(ClusterConfigs.STATS_EXECUTOR)
                    .submitToMembers(new StatsTask(), workers);
            out.printf("%-24s %6s %14s %12s %14s%n", "member", "cores", "queries", "busy_s", "queries/s");
            for (Member m : workers) {
                long[] s = stats.get(m).get(timeoutMillis, TimeUnit.MILLISECONDS);
                double busy = s[1] / 1e9;
                out.printf("%-24s %6d %14d %12.1f %14.1f%n", m.getAddress(), s[2], s[0], busy,
                        busy > 0 ? s[0] / busy : 0.0);
            }
        } finally {
            hz.shutdown();
        }
    }
}
