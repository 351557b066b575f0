package org.deepzero.solver.grid;

import java.util.function.BiPredicate;

/**
 * Which cells are fluid and which faces carry flow, rasterised once per grid.
 *
 * <p>A cell is solid when its centre is inside a body. A u- or v-face is <em>open</em> when no
 * solid cell touches it; velocities on closed faces are held at zero (no-slip, staircase
 * surface). Faces on the domain boundary are open when their inner cell is fluid; their value is
 * then set by the {@link FlowBoundaries}. Immutable; the arrays are never handed out.
 */
public final class FluidMask {
    private final StaggeredGrid grid;
    private final FlowBoundaries boundaries;
    private final boolean[] solid;
    private final boolean[] openU;
    private final boolean[] openV;

    private FluidMask(StaggeredGrid grid, FlowBoundaries bc, boolean[] solid) {
        this.grid = grid;
        this.boundaries = bc;
        this.solid = solid;
        int nx = grid.nx(), ny = grid.ny();
        // across a periodic seam the neighbour of column 0 is column nx - 1 (and row 0 / ny - 1)
        openU = new boolean[grid.uCount()];
        openV = new boolean[grid.vCount()];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i <= nx; i++) {
                int l = i == 0 ? (bc.periodicX() ? nx - 1 : -1) : i - 1;
                int r = i == nx ? (bc.periodicX() ? 0 : -1) : i;
                boolean left = l < 0 || !solid[grid.cell(l, j)];
                boolean right = r < 0 || !solid[grid.cell(r, j)];
                openU[grid.u(i, j)] = left && right;
            }
        }
        for (int j = 0; j <= ny; j++) {
            for (int i = 0; i < nx; i++) {
                int b = j == 0 ? (bc.periodicY() ? ny - 1 : -1) : j - 1;
                int a = j == ny ? (bc.periodicY() ? 0 : -1) : j;
                boolean below = b < 0 || !solid[grid.cell(i, b)];
                boolean above = a < 0 || !solid[grid.cell(i, a)];
                openV[grid.v(i, j)] = below && above;
            }
        }
    }

    /**
     * Rasterises bodies onto a grid.
     *
     * @param grid   the grid
     * @param bc     the domain boundaries (periodic seams join cells across the domain)
     * @param inside true for points inside a body
     * @return the mask
     */
    public static FluidMask of(StaggeredGrid grid, FlowBoundaries bc, BiPredicate<Double, Double> inside) {
        boolean[] solid = new boolean[grid.cellCount()];
        for (int j = 0; j < grid.ny(); j++) {
            for (int i = 0; i < grid.nx(); i++) {
                solid[grid.cell(i, j)] = inside.test(grid.cellX(i), grid.cellY(j));
            }
        }
        return new FluidMask(grid, bc, solid);
    }

    /** @return a mask with no obstacles */
    public static FluidMask allFluid(StaggeredGrid grid, FlowBoundaries bc) {
        return new FluidMask(grid, bc, new boolean[grid.cellCount()]);
    }

    /** @return the grid this mask was rasterised on */
    public StaggeredGrid grid() {
        return grid;
    }

    /** @return the domain boundaries the mask was built for */
    public FlowBoundaries boundaries() {
        return boundaries;
    }

    /** @return true when cell (flat index) is solid */
    public boolean isSolid(int cell) {
        return solid[cell];
    }

    /** @return true when u-face (flat index) is open */
    public boolean isOpenU(int face) {
        return openU[face];
    }

    /** @return true when v-face (flat index) is open */
    public boolean isOpenV(int face) {
        return openV[face];
    }

    /** @return number of solid cells */
    public int solidCount() {
        int n = 0;
        for (boolean s : solid) {
            n += s ? 1 : 0;
        }
        return n;
    }

    /** @return a copy of the solid-cell flags, row-major {@code [ny][nx]} flat */
    public boolean[] solidCells() {
        return solid.clone();
    }
}
