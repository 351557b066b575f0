package org.deepzero.solver.flow;

import org.deepzero.solver.grid.StaggeredGrid;
import org.deepzero.solver.ops.FaceVelocity;

/**
 * An immutable snapshot of an incompressible flow on a {@link StaggeredGrid}: u, v, pressure,
 * time and step index. Arrays are copied in and out.
 *
 * <h2>Channel layout for neural networks</h2>
 * {@link #toChannels()} gives {@code C x H x W = 2 x (ny + 1) x (nx + 1)} doubles, row-major,
 * index {@code (c * H + y) * W + x}:
 * <ul>
 *   <li>channel 0 = u: rows {@code 0..ny-1}, columns {@code 0..nx} hold u-face (x, y); row ny is 0;</li>
 *   <li>channel 1 = v: rows {@code 0..ny}, columns {@code 0..nx-1} hold v-face (x, y); column nx is 0.</li>
 * </ul>
 * The padding entries are always zero, so {@link #fromChannels} is the exact inverse and
 * {@link #withCorrection} ignores whatever a network writes there.
 */
public final class FlowState {
    /** Number of channels in {@link #toChannels()}. */
    public static final int CHANNELS = 2;

    private final StaggeredGrid grid;
    private final double[] u;
    private final double[] v;
    private final double[] p;
    private final double time;
    private final long step;
    private final int poissonIterations;

    private FlowState(StaggeredGrid grid, double[] u, double[] v, double[] p, double time, long step, int iters) {
        if (u.length != grid.uCount() || v.length != grid.vCount() || p.length != grid.cellCount()) {
            throw new IllegalArgumentException("field sizes do not fit grid " + grid.nx() + "x" + grid.ny());
        }
        this.grid = grid;
        this.u = u;
        this.v = v;
        this.p = p;
        this.time = time;
        this.step = step;
        this.poissonIterations = iters;
    }

    /**
     * A state from field values (copied).
     *
     * @param grid the grid
     * @param u    u-face values, {@code [ny][nx+1]} row-major
     * @param v    v-face values, {@code [ny+1][nx]} row-major
     * @param p    cell pressure, {@code [ny][nx]} row-major
     * @param time simulated time
     * @param step step index
     * @return the state
     */
    public static FlowState of(StaggeredGrid grid, double[] u, double[] v, double[] p, double time, long step) {
        return new FlowState(grid, u.clone(), v.clone(), p.clone(), time, step, 0);
    }

    /** Takes ownership of freshly made arrays (no copy); for the solver's own use. */
    static FlowState wrap(StaggeredGrid grid, FaceVelocity vel, double[] p, double time, long step, int iters) {
        return new FlowState(grid, vel.u, vel.v, p, time, step, iters);
    }

    /** @return the grid */
    public StaggeredGrid grid() {
        return grid;
    }

    /** @return simulated time */
    public double time() {
        return time;
    }

    /** @return step index (0 for an initial state) */
    public long step() {
        return step;
    }

    /** @return CG iterations of the pressure solve that produced this state (0 if none) */
    public int poissonIterations() {
        return poissonIterations;
    }

    /** @return u at x-face (i, j), 0 <= i <= nx, 0 <= j < ny */
    public double u(int i, int j) {
        return u[grid.u(i, j)];
    }

    /** @return v at y-face (i, j), 0 <= i < nx, 0 <= j <= ny */
    public double v(int i, int j) {
        return v[grid.v(i, j)];
    }

    /** @return pressure in cell (i, j) */
    public double pressure(int i, int j) {
        return p[grid.cell(i, j)];
    }

    /** @return a copy of u, {@code [ny][nx+1]} row-major */
    public double[] uValues() {
        return u.clone();
    }

    /** @return a copy of v, {@code [ny+1][nx]} row-major */
    public double[] vValues() {
        return v.clone();
    }

    /** @return a copy of the pressure, {@code [ny][nx]} row-major */
    public double[] pressureValues() {
        return p.clone();
    }

    /** @return a mutable working copy of the velocity */
    public FaceVelocity velocity() {
        return new FaceVelocity(grid, u.clone(), v.clone());
    }

    /**
     * The velocity without a copy, for the step's read-only use inside the package (the step never
     * writes to it: the kick that starts a step copies it).
     */
    FaceVelocity velocityView() {
        return new FaceVelocity(grid, u, v);
    }

    /** Pressure without a copy, for warm starts inside the package. */
    double[] pressureRef() {
        return p;
    }

    /** @return channel height H = ny + 1 */
    public static int channelHeight(StaggeredGrid grid) {
        return grid.ny() + 1;
    }

    /** @return channel width W = nx + 1 */
    public static int channelWidth(StaggeredGrid grid) {
        return grid.nx() + 1;
    }

    /** @return u and v packed as {@code 2 x (ny+1) x (nx+1)} (see the class comment) */
    public double[] toChannels() {
        int nx = grid.nx(), ny = grid.ny(), w = nx + 1, h = ny + 1;
        double[] c = new double[CHANNELS * h * w];
        for (int j = 0; j < ny; j++) {
            System.arraycopy(u, j * w, c, j * w, w);
        }
        for (int j = 0; j <= ny; j++) {
            System.arraycopy(v, j * nx, c, h * w + j * w, nx);
        }
        return c;
    }

    /**
     * Builds a state from channels (the inverse of {@link #toChannels()}); padding is ignored and
     * the pressure is set to zero.
     *
     * @param grid     the grid
     * @param channels {@code 2 x (ny+1) x (nx+1)} values
     * @param time     simulated time
     * @param step     step index
     * @return the state
     */
    public static FlowState fromChannels(StaggeredGrid grid, double[] channels, double time, long step) {
        int nx = grid.nx(), ny = grid.ny(), w = nx + 1, h = ny + 1;
        if (channels.length != CHANNELS * h * w) {
            throw new IllegalArgumentException("expected " + CHANNELS + "x" + h + "x" + w + " = "
                    + CHANNELS * h * w + " channel values, got " + channels.length);
        }
        double[] u = new double[grid.uCount()], v = new double[grid.vCount()];
        for (int j = 0; j < ny; j++) {
            System.arraycopy(channels, j * w, u, j * w, w);
        }
        for (int j = 0; j <= ny; j++) {
            System.arraycopy(channels, h * w + j * w, v, j * nx, nx);
        }
        return new FlowState(grid, u, v, new double[grid.cellCount()], time, step, 0);
    }

    /**
     * Adds a correction given in the channel layout (padding ignored); pressure, time and step are
     * kept. Multiply the correction by the open-face channels of the flow first to keep obstacles
     * no-slip.
     *
     * @param delta {@code 2 x (ny+1) x (nx+1)} values
     * @return the corrected state
     */
    public FlowState withCorrection(double[] delta) {
        int nx = grid.nx(), ny = grid.ny(), w = nx + 1, h = ny + 1;
        if (delta.length != CHANNELS * h * w) {
            throw new IllegalArgumentException("expected " + CHANNELS + "x" + h + "x" + w + " = "
                    + CHANNELS * h * w + " channel values, got " + delta.length);
        }
        // u's rows are the channel's first ny rows (same index); v's row j is channel row h + j
        double[] nu = new double[u.length], nv = new double[v.length];
        for (int k = 0; k < nu.length; k++) {
            nu[k] = u[k] + delta[k];
        }
        for (int j = 0; j <= ny; j++) {
            for (int i = 0, k = j * nx, d = h * w + j * w; i < nx; i++, k++, d++) {
                nv[k] = v[k] + delta[d];
            }
        }
        // the pressure array is never written after construction, so states may share it
        return new FlowState(grid, nu, nv, p, time, step, poissonIterations);
    }
}
