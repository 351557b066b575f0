package org.deepzero.cli;

import java.util.List;

/** The registry of sub-commands, in the order {@code deepzero --help} lists them. */
final class Commands {
    private Commands() {
    }

    static List<Command> all() {
        return List.of(new RunCommand(), new CheckCommand(), new SimulateCommand(), new ReferenceCommand(),
                new TrainCommand(), new EvaluateCommand(), new CompareCommand(), new VisionCommand(),
                new DefenseCommand(), new WorkerCommand(), new ClusterCommand());
    }
}
