package org.deepzero.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.deepzero.common.InputException;
import org.deepzero.solver.SimulationDivergedException;
import org.deepzero.zo.train.CheckpointMismatchException;

/**
 * The {@code deepzero} command: picks a sub-command, parses its options and maps failures to exit
 * codes. Exit 0 success; 2 a user mistake ({@link InputException}: bad arguments, bad case, mesh or
 * data file, a run folder of other settings, a run too large for the heap or disk), printed as one
 * line; 1 a run that failed (a simulation that blew up, a disk error, the heap exhausted after all)
 * or an internal error (any other exception), printed as one line, with the stack trace under the
 * global {@code --debug} flag.
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

    /**
     * Runs one invocation and returns its exit code. {@code --debug}, anywhere on the line, prints
     * the stack trace of a failure after its one-line summary.
     */
    public int execute(String... given) {
        List<String> all = new ArrayList<>(Arrays.asList(given));
        boolean debug = all.removeIf(a -> a.equals("--debug"));
        String[] args = all.toArray(String[]::new);
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
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        Options options = new Options();
        command.options().getOptions().forEach(options::addOption);
        options.addOption(Option.builder("h").longOpt("help").desc("show this help").build());
        String name = "deepzero " + command.name() + ": ";
        try {
            CommandLine line = new DefaultParser().parse(options, rest);
            if (line.hasOption("help")) {
                printHelp(command, options);
                return 0;
            }
            return command.run(line, out);
        } catch (ParseException | UsageException e) {
            err.println(name + e.getMessage() + " (see 'deepzero " + command.name() + " --help')");
            return 2;
        } catch (CheckpointMismatchException e) {
            err.println(name + e.getMessage() + " (give another --out folder or delete the old run)");
            return 2;
        } catch (InputException e) {
            // the user's mistake (case, mesh, data, parameter file, argument): its message names where
            err.println(name + e.getMessage());
            return 2;
        } catch (SimulationDivergedException | UncheckedIOException e) {
            // a failure of the run or the machine, not of the program: its message says where and what to change
            err.println(name + e.getMessage());
            trace(debug, e);
            return 1;
        } catch (OutOfMemoryError e) {
            // the estimates before a run said it fits: say what ran out and what to change, in one line
            err.println(name + "out of memory: " + (e.getMessage() == null ? "Java heap" : e.getMessage())
                    + "; raise the limit with -Xmx through DEEPZERO_JAVA_OPTS");
            trace(debug, e);
            return 1;
        } catch (Exception | Error e) {
            // a bug, or the machine running out (memory, stack): one line, the trace on request
            err.println(name + "internal error: " + oneLine(e) + (debug ? "" : "; rerun with --debug for the stack trace"));
            trace(debug, e);
            return 1;
        }
    }

    private void trace(boolean debug, Throwable e) {
        if (debug) {
            e.printStackTrace(err);
        }
    }

    private static String oneLine(Throwable e) {
        return e.toString().replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
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
        out.println("'--debug' anywhere on the line prints the stack trace of a failure.");
    }

    private void printHelp(Command command, Options options) {
        HelpFormatter f = new HelpFormatter();
        PrintWriter w = new PrintWriter(out, true);
        f.printHelp(w, 100, "deepzero " + command.name() + " " + command.arguments() + " [options]",
                command.summary(), options, 2, 2, "", false);
        w.flush();
    }
}
