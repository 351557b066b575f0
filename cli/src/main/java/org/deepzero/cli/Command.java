package org.deepzero.cli;

import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * One sub-command of {@code deepzero}: parses nothing itself (the launcher does that with
 * {@link #options()}), loads its inputs and calls into the modules. Keep implementations thin.
 */
public interface Command {

    /** The word after {@code deepzero}, e.g. {@code simulate}. */
    String name();

    /** One line for {@code deepzero --help}. */
    String summary();

    /** Positional arguments for the usage line, e.g. {@code "<case>"}; empty when none. */
    String arguments();

    /** Options of this command ({@code --help} is added by the launcher). */
    Options options();

    /**
     * Runs the command.
     *
     * @return the exit code (0 on success)
     * @throws UsageException for a malformed command line (exit code 2)
     */
    int run(CommandLine line, PrintStream out) throws Exception;
}
