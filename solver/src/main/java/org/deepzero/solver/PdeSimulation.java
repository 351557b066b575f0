package org.deepzero.solver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deepzero.common.ProgressListener;
import org.deepzero.solver.io.FieldImage;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.solver.pde.CoupledPde;
import org.deepzero.solver.pde.PdeCase;

/**
 * {@code deepzero simulate} for any PDE case, through the PDE contract alone ({@link PdeCase},
 * {@link CoupledPde}): the coarse solver from its initial state, the trajectory in the PDE's own
 * layout ({@link PdeCase#writeTrajectory}; Burgers: HDF5 with an XDMF sidecar), the diagnostics CSV
 * and pictures. The stored frames are kept in memory until the end (checked against the heap before
 * the run), which the PDEs this serves (a periodic square of a few thousand cells) afford; a PDE whose
 * trajectories outgrow the heap streams them itself ({@link PdeCase#simulate}; the wake flow does).
 */
public final class PdeSimulation {
    /** Pixels per cell of the pictures. */
    private static final int IMAGE_SCALE = 8;

    private PdeSimulation() {
    }

    /**
     * What a run wrote.
     *
     * @param trajectory  the trajectory file
     * @param frames      frames stored
     * @param images      picture PNGs
     * @param diagnostics CSV of the diagnostics per step
     */
    public record Result(Path trajectory, int frames, List<Path> images, Path diagnostics) {
    }

    /**
     * Simulates {@code p}'s coarse solver of the case. Writes {@code <outDir>/<case>-<tag><ext>} (every
     * {@code stride}-th step from step 0), {@code diagnostics.csv} and {@code <picture>-<step>.png} every
     * {@code imageEvery} steps and after the last. When the solver blows up, the frames and diagnostics
     * up to the last good step are written before the exception goes on.
     *
     * @param pde        the case
     * @param p          the parameters to simulate
     * @param steps      coarse steps, positive
     * @param stride     steps between stored frames, positive
     * @param imageEvery steps between pictures, positive
     * @param outDir     output folder (created)
     * @param listener   progress, once per step
     * @return the written files
     * @throws ResourceLimitException when the stored frames cannot fit in the heap or on the disk
     */
    public static <S> Result run(PdeCase<S> pde, CaseParameters p, int steps, int stride, int imageEvery, Path outDir,
                                 ProgressListener listener) {
        if (steps <= 0 || stride <= 0 || imageEvery <= 0) {
            throw new IllegalArgumentException("steps, stride and image interval must be positive, got " + steps
                    + ", " + stride + ", " + imageEvery);
        }
        int frames = steps / stride + 1;
        MemoryEstimate.none()
                .plus("solver", pde.solverBytes())
                .plus("stored frames", frames * pde.stateBytes())
                .plus("diagnostics", 400L * steps)
                .requireFits("store fewer of the " + frames + " frames with --stride N (or fewer --steps)");
        // float32 on disk: at most half the heap bytes of a state, plus a picture field of the same size
        MemoryEstimate.requireDisk(outDir, frames * pde.stateBytes(),
                "store fewer of the " + frames + " frames with --stride N (or fewer --steps)");
        CoupledPde<S> solver = pde.coarse(p);
        int[] shape = solver.pictureShape();
        Path file = outDir.resolve(pde.name() + "-" + p.tag() + pde.trajectoryExtension());
        List<S> stored = new ArrayList<>(frames);
        List<Path> images = new ArrayList<>();
        DiagnosticsCsv csv = new DiagnosticsCsv();
        S s = solver.initialState();
        try {
            Files.createDirectories(outDir);
            Map<String, Double> d = solver.diagnostics(s);
            csv.add(d);
            stored.add(s);
            for (int k = 1; k <= steps; k++) {
                s = solver.step(s);
                d = solver.diagnostics(s);
                csv.add(d);
                if (k % stride == 0) {
                    stored.add(s);
                }
                if (k % imageEvery == 0 || k == steps) {
                    Path png = outDir.resolve(String.format(Locale.ROOT, "%s-%06d.png", solver.pictureName(), k));
                    FieldImage.write(png, shape[0], shape[1], solver.picture(s), solver.pictureMask(), 0, IMAGE_SCALE);
                    images.add(png);
                }
                listener.progress("simulate", k, steps, d);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + outDir + ": " + e.getMessage(), e);
        } finally {
            // a blow-up keeps what was made, as the wake's streamed trajectory does
            if (!stored.isEmpty() && Files.isDirectory(outDir)) {
                pde.writeTrajectory(file, p, 0, stored, SolverVersion.VERSION);
            }
            csv.write(outDir.resolve("diagnostics.csv"));
        }
        return new Result(file, stored.size(), images, outDir.resolve("diagnostics.csv"));
    }
}
