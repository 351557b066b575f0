package org.deepzero.coupling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deepzero.coupling.spec.CouplingSpec;
import org.deepzero.coupling.spec.CouplingSpecReader;
import org.deepzero.solver.flow.FlowState;

/** A CI-sized wake case (32 x 16 cells, 2x reference, a few frames) written into a test folder. */
final class TinyCase {
    private TinyCase() {
    }

    static final String FLOW = """
            [grid]
            nx = 32
            ny = 16
            [mesh]
            file = %s
            [flow]
            inflow_speed = 1.0
            reynolds = 150
            sides = free-slip
            advection = maccormack
            [time]
            dt = 0.04
            steps = 20
            [reference]
            factor = 2
            warmup_steps = 20
            frames = 40
            stride = 1
            [output]
            dir = out
            image_every = 0
            """;

    static final String COUPLING = """
            [corrector]
            layers = conv3x3:4,lrelu,conv3x3:2
            [training]
            reynolds = 100, 160
            frames = 30
            unroll = 3
            windows = 2
            steps = 6
            non_steps = 30
            validate_every = 3
            validate_steps = 10
            methods = sol-zo
            [evaluation]
            reynolds = 130
            steps = 12
            starts = 2
            image_steps = 6, 12
            """;

    /** The mesh of the default case, found from the module folder or the project root. */
    static Path mesh() {
        Path p = Path.of("../meshes/cylinder.mesh");
        return Files.isRegularFile(p) ? p.toAbsolutePath().normalize() : Path.of("meshes/cylinder.mesh").toAbsolutePath();
    }

    /** Writes {@code case.conf} with the given extra text replacing the coupling sections. */
    static Path write(Path dir, String coupling) throws IOException {
        Path file = dir.resolve("case.conf");
        Files.writeString(file, FLOW.formatted(mesh().toString().replace('\\', '/')) + coupling);
        return file;
    }

    /** The tiny case; a wake-flow case, so its state type is known. */
    @SuppressWarnings("unchecked")
    static CouplingSpec<FlowState> spec(Path dir) throws IOException {
        return (CouplingSpec<FlowState>) CouplingSpecReader.read(write(dir, COUPLING));
    }
}
