package org.deepzero.zo.cluster;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;

/**
 * Hazelcast configuration of every DeepZero-J member: TCP-IP join with the explicit member list,
 * multicast and auto-detection off, no phone-home, Jet off. On loopback it binds 127.0.0.1 only
 * (the settings measured in LIBRARY-NOTES.md).
 */
public final class ClusterConfigs {
    /** The cluster name unless one is given. */
    public static final String DEFAULT_NAME = "deepzero";
    /** The executor service query chunks run on. */
    static final String EXECUTOR = "deepzero-queries";
    /** The executor status requests run on: never queued behind a busy member's query chunks. */
    static final String STATS_EXECUTOR = "deepzero-stats";

    private ClusterConfigs() {
    }

    /**
     * @param lite    true for the training process (it submits work and holds no cluster data)
     * @param port    first port to try (auto-incremented when taken)
     * @param threads threads of the query executor on this member
     */
    public static Config member(String clusterName, JoinList join, boolean lite, int port, int threads) {
        // the instance factory logs (a modular-environment warning) before it reads the config
        if (System.getProperty("hazelcast.logging.type") == null) {
            System.setProperty("hazelcast.logging.type", "none");
        }
        Config c = new Config();
        c.setClusterName(clusterName);
        c.setLiteMember(lite);
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "none");
        // a stopped (SIGSTOP) member is dropped after this; chunks on it time out sooner and move on
        c.setProperty("hazelcast.max.no.heartbeat.seconds", "20");
        c.getJetConfig().setEnabled(false);
        NetworkConfig net = c.getNetworkConfig();
        net.setPort(port).setPortAutoIncrement(true).setPortCount(100);
        if (join.loopbackOnly()) {
            c.setProperty("hazelcast.socket.bind.any", "false");
            c.setProperty("hazelcast.local.localAddress", "127.0.0.1");
            net.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        }
        JoinConfig j = net.getJoin();
        j.getAutoDetectionConfig().setEnabled(false);
        j.getMulticastConfig().setEnabled(false);
        j.getTcpIpConfig().setEnabled(true);
        for (JoinList.Address a : join.addresses()) {
            j.getTcpIpConfig().addMember((a.host().equals("localhost") ? "127.0.0.1" : a.host()) + ":" + a.port());
        }
        c.getExecutorConfig(EXECUTOR).setPoolSize(threads).setStatisticsEnabled(true);
        c.getExecutorConfig(STATS_EXECUTOR).setPoolSize(1);
        return c;
    }

    /**
     * A Hazelcast client (not a member) of the cluster at {@code join}: for short-lived tools such as
     * {@code deepzero cluster status}. A client connects to a listed address and retries until
     * {@code connectTimeoutMillis}; unlike a joining member it cannot give up and form a cluster of its
     * own, and it does not make the members re-form theirs.
     */
    public static ClientConfig client(String clusterName, JoinList join, long connectTimeoutMillis) {
        if (System.getProperty("hazelcast.logging.type") == null) {
            System.setProperty("hazelcast.logging.type", "none");
        }
        ClientConfig c = new ClientConfig();
        c.setClusterName(clusterName);
        c.setProperty("hazelcast.logging.type", "none");
        c.setProperty("hazelcast.phone.home.enabled", "false");
        for (JoinList.Address a : join.addresses()) {
            c.getNetworkConfig().addAddress((a.host().equals("localhost") ? "127.0.0.1" : a.host()) + ":" + a.port());
        }
        // a member slow to answer (a loaded machine) is waited for, not taken for absent
        c.getNetworkConfig().setConnectionTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis));
        c.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(connectTimeoutMillis);
        return c;
    }
}
