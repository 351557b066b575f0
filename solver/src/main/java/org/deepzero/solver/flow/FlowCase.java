package org.deepzero.solver.flow;

import java.nio.file.Path;
import java.util.List;
import org.deepzero.solver.grid.SideBoundary;
import org.deepzero.solver.mesh.Mesh;
import org.deepzero.solver.ops.AdvectionScheme;

/**
 * The solver's part of a case ({@code cases/<name>/case.conf}), read and validated by
 * {@link FlowCaseReader}. Immutable.
 *
 * @param file            the case file
 * @param name            the case name (its folder name)
 * @param nx              coarse cells along x
 * @param ny              coarse cells along y
 * @param meshFile        the mesh file
 * @param mesh            domain and obstacles
 * @param inflowSpeed     U
 * @param reynolds        Reynolds numbers {@code U D / nu}, D the reference length of the mesh;
 *                        the first is the one {@code simulate} and {@code reference} use
 * @param sides           free-slip or periodic top and bottom
 * @param advection       advection scheme
 * @param dt              coarse time step
 * @param steps           coarse steps of a simulation
 * @param factor          refinement of the reference grid
 * @param warmupSteps     coarse steps the reference runs before its first frame (the transient)
 * @param frames          frames in a reference trajectory
 * @param stride          coarse steps between frames
 * @param outputDir       where outputs go
 * @param imageEvery      coarse steps between vorticity images (0 = none)
 * @param hash            SHA-256 (hex) of the solver settings and the mesh: names cached references
 */
public record FlowCase(Path file, String name, int nx, int ny, Path meshFile, Mesh mesh, double inflowSpeed,
                       List<Double> reynolds, SideBoundary sides, AdvectionScheme advection, double dt, int steps,
                       int factor, int warmupSteps, int frames, int stride, Path outputDir, int imageEvery,
                       String hash) {

    /** Copies the Reynolds list. */
    public FlowCase {
        reynolds = List.copyOf(reynolds);
    }

    /** @return the first Reynolds number */
    public double defaultReynolds() {
        return reynolds.get(0);
    }

    /**
     * @param re Reynolds number
     * @return the coarse wake flow of this case at {@code re}
     */
    public WakeSpec coarseSpec(double re) {
        return new WakeSpec(mesh, nx, ny, sides, inflowSpeed, re, dt, advection);
    }

    /**
     * @param re Reynolds number
     * @return the reference (fine) flow: {@code factor} times finer, {@code dt / factor}
     */
    public WakeSpec referenceSpec(double re) {
        return coarseSpec(re).refined(factor);
    }
}
