package org.deepzero.zo.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.deepzero.common.InputException;

/** Lists the members of a cluster with their queries evaluated and throughput ({@code deepzero cluster status}). */
public final class ClusterStatus {
    private ClusterStatus() {
    }

    public static void print(String clusterName, JoinList join, String where, PrintStream out) throws Exception {
        HazelcastInstance hz;
        try {
            hz = Hazelcast.newHazelcastInstance(ClusterConfigs.member(clusterName, join, true, JoinList.DEFAULT_PORT, 1));
        } catch (RuntimeException e) {
            throw new InputException(where + ": cannot join the cluster at " + join + ": " + e.getMessage(), e);
        }
        try {
            Map<Member, Future<long[]>> stats = hz.getExecutorService(ClusterConfigs.EXECUTOR)
                    .submitToMembers(new StatsTask(), hz.getCluster().getMembers().stream()
                            .filter(m -> !m.isLiteMember()).toList());
            if (stats.isEmpty()) {
                throw new InputException(where + ": no member answered at " + join);
            }
            out.printf("%-24s %6s %14s %12s %14s%n", "member", "cores", "queries", "busy_s", "queries/s");
            for (Map.Entry<Member, Future<long[]>> e : stats.entrySet()) {
                long[] s = e.getValue().get(30, TimeUnit.SECONDS);
                double busy = s[1] / 1e9;
                out.printf("%-24s %6d %14d %12.1f %14.1f%n", e.getKey().getAddress(), s[2], s[0], busy,
                        busy > 0 ? s[0] / busy : 0.0);
            }
        } finally {
            hz.getLifecycleService().terminate();
        }
    }
}
