package org.deepzero.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.deepzero.solver.SimulationDivergedException;
import org.deepzero.zo.train.CheckpointMismatchException;

/**
 * The {@code deepzero} command: picks a sub-command, parses its options and maps failures to exit
 * codes. Exit 0 success; 2 a user mistake (bad arguments, bad case or data file, a run folder of
 * other settings), printed as one line; 1 a run that failed (a simulation that blew up, a disk
 * error), printed as one line, or an internal error, printed with its stack trace.
 */
public final class Main {

    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final PrintStream out;
    private final PrintStream err;

    public Main(List<Command> commands, PrintStream out, PrintStream err) {
        for (Command c : commands) {
            this.commands.put(c.name(), c);
        }
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int code = new Main(Commands.all(), System.out, System.err).execute(args);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one invocation and returns its exit code. */
    public int execute(String... args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            printOverview();
            return args.length == 0 ? 2 : 0;
        }
        if (args[0].equals("--version")) {
            out.println("deepzero " + Version.get());
            return 0;
        }
        Command command = commands.get(args[0]);
        if (command == null) {
            err.println("deepzero: unknown command '" + args[0] + "'; run 'deepzero --help' for the list");
            return 2;
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        Options options = new Options();
        command.options().getOptions().forEach(options::addOption);
        options.addOption(Option.builder("h").longOpt("help").desc("show this help").build());
        try {
            CommandLine line = new DefaultParser().parse(options, rest);
            if (line.hasOption("help")) {
                printHelp(command, options);
                return 0;
            }
            return command.run(line, out);
        } catch (ParseException | UsageException e) {
            err.println("deepzero " + command.name() + ": " + e.getMessage()
                    + " (see 'deepzero " + command.name() + " --help')");
            return 2;
        } catch (IllegalArgumentException e) {
            // user input (case, mesh, data files) is validated with messages that name file and key
            err.println("deepzero " + command.name() + ": " + e.getMessage());
            return 2;
        } catch (CheckpointMismatchException e) {
            err.println("deepzero " + command.name() + ": " + e.getMessage()
                    + " (give another --out folder or delete the old run)");
            return 2;
        } catch (SimulationDivergedException | UncheckedIOException e) {
            // a failure of the run, not of the program: its message says where and what to change
            err.println("deepzero " + command.name() + ": " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("deepzero " + command.name() + ": internal error: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    private void printOverview() {
        out.println("usage: deepzero <command> [options]");
        out.println();
        out.println("Zeroth-order (DeepZero) training of neural networks through non-differentiable solvers.");
        out.println();
        out.println("commands:");
        for (Command c : commands.values()) {
            out.printf("  %-10s %s%n", c.name(), c.summary());
        }
        out.println();
        out.println("'deepzero <command> --help' describes one command; 'deepzero --version' prints the version.");
    }

    private void printHelp(Command command, Options options) {
        HelpFormatter f = new HelpFormatter();
        PrintWriter w = new PrintWriter(out, true);
        f.printHelp(w, 100, "deepzero " + command.name() + " " + command.arguments() + " [options]",
                command.summary(), options, 2, 2, "", false);
        w.flush();
    }
}
