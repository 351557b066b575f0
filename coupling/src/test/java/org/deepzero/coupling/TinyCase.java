package org.deepzero.coupling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deepzero.coupling.spec.CouplingSpec;
import org.deepzero.coupling.spec.CouplingSpecReader;
import org.deepzero.solver.flow.FlowState;

/**
 * CI-sized cases written into a test folder: a wake case (32 x 16 cells, 2x reference, a few frames) and
 * the solver sections of a forced Burgers case (16 x 16 cells, 2x reference), shared by the tests that
 * vary them.
 */
final class TinyCase {
    private TinyCase() {
    }

    /** The wake flow's sections; filled in: mesh file, [time] steps, [reference] warm-up steps and frames. */
    private static final String FLOW = """
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
            steps = %d
            [reference]
            factor = 2
            warmup_steps = %d
            frames = %d
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

    /** The forced Burgers case's solver, output and corrector sections; filled in: reference frames. */
    private static final String BURGERS = """
            [burgers]
            n = 16
            length = 16
            dt = 0.1
            factor = 2
            warmup_steps = 10
            frames = %d
            [output]
            dir = out
            [corrector]
            layers = conv3x3:4,lrelu,conv3x3:2
            """;

    /** The mesh of the default case, found from the module folder or the project root. */
    static Path mesh() {
        Path p = Path.of("../meshes/cylinder.mesh");
        return Files.isRegularFile(p) ? p.toAbsolutePath().normalize() : Path.of("meshes/cylinder.mesh").toAbsolutePath();
    }

    /** The wake flow's sections with the given [time] steps and [reference] warm-up steps and frames. */
    static String flow(int steps, int warmupSteps, int frames) {
        return FLOW.formatted(mesh().toString().replace('\\', '/'), steps, warmupSteps, frames);
    }

    /** The forced Burgers case's sections before [training], with the given reference frames. */
    static String burgers(int frames) {
        return BURGERS.formatted(frames);
    }

    /** Writes {@code case.conf} with the tiny wake case's flow sections and the given coupling sections. */
    static Path write(Path dir, String coupling) throws IOException {
        return writeCase(dir, flow(20, 20, 40) + coupling);
    }

    /** The tiny wake case; a wake-flow case, so its state type is known. */
    static CouplingSpec<FlowState> spec(Path dir) throws IOException {
        return spec(dir, COUPLING);
    }

    /** The tiny wake case with the given coupling sections. */
    static CouplingSpec<FlowState> spec(Path dir, String coupling) throws IOException {
        return read(write(dir, coupling));
    }

    /**
     * Writes {@code text} as {@code case.conf} in {@code dir} and reads it.
     *
     * @param <S> the state type of the case's PDE, which the caller's text fixes
     */
    static <S> CouplingSpec<S> read(Path dir, String text) throws IOException {
        return read(writeCase(dir, text));
    }

    @SuppressWarnings("unchecked") // the caller's case text fixes the PDE and so its state type
    private static <S> CouplingSpec<S> read(Path file) {
        return (CouplingSpec<S>) CouplingSpecReader.read(file);
    }

    private static Path writeCase(Path dir, String text) throws IOException {
        Path file = dir.resolve("case.conf");
        Files.writeString(file, text);
        return file;
    }
}
