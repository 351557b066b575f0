package org.deepzero.cli;

import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deepzero.zo.cluster.ClusterConfigs;
import org.deepzero.zo.cluster.JoinList;
import org.deepzero.zo.cluster.Worker;

/** {@code deepzero worker --join host[:port],...}: a cluster member evaluating query chunks until stopped. */
final class WorkerCommand implements Command {
    @Override
    public String name() {
        return "worker";
    }

    @Override
    public String summary() {
        return "run a cluster member that evaluates training queries for '--executor cluster:...' (until Ctrl-C)";
    }

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("join").hasArg().argName("HOSTS")
                        .desc("host[:port],... of members to join (this machine's own address to start a cluster; required)").build())
                .addOption(Option.builder().longOpt("port").hasArg().argName("P")
                        .desc("first port to listen on, the next free one taken (default 5701)").build())
                .addOption(Option.builder().longOpt("threads").hasArg().argName("T")
                        .desc("threads evaluating queries (default: all cores)").build())
                .addOption(Option.builder().longOpt("cluster-name").hasArg().argName("NAME")
                        .desc("cluster name (default " + ClusterConfigs.DEFAULT_NAME + ")").build());
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        if (!line.hasOption("join")) {
            throw new UsageException("--join host[:port],... is required");
        }
        JoinList join = JoinList.parse(line.getOptionValue("join"), "--join");
        int port = Args.intOption(line, "port", JoinList.DEFAULT_PORT, 1);
        if (port > 65535) {
            throw new UsageException("--port: " + port + " is outside 1..65535");
        }
        Worker.run(line.getOptionValue("cluster-name", ClusterConfigs.DEFAULT_NAME), join, port,
                Args.intOption(line, "threads", Runtime.getRuntime().availableProcessors(), 1), out);
        return 0;
    }
}
