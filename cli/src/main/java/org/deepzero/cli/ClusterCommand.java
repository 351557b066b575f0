package org.deepzero.cli;

import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deepzero.zo.cluster.ClusterConfigs;
import org.deepzero.zo.cluster.ClusterStatus;
import org.deepzero.zo.cluster.JoinList;

/** {@code deepzero cluster status --join host[:port],...}: the members and their throughput. */
final class ClusterCommand implements Command {
    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public String summary() {
        return "'cluster status --join HOSTS': list the members of a worker cluster with queries evaluated and queries/s";
    }

    @Override
    public String arguments() {
        return "status";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("join").hasArg().argName("HOSTS")
                        .desc("host[:port],... of cluster members (required)").build())
                .addOption(Option.builder().longOpt("cluster-name").hasArg().argName("NAME")
                        .desc("cluster name (default " + ClusterConfigs.DEFAULT_NAME + ")").build());
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        String what = Args.positional(line, "status");
        if (!what.equals("status")) {
            throw new UsageException("unknown cluster sub-command '" + what + "' (known: status)");
        }
        if (!line.hasOption("join")) {
            throw new UsageException("--join host[:port],... is required");
        }
        ClusterStatus.print(line.getOptionValue("cluster-name", ClusterConfigs.DEFAULT_NAME),
                JoinList.parse(line.getOptionValue("join"), "--join"), "--join", out);
        return 0;
    }
}
