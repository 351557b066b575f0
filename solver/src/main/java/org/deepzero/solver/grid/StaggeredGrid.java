package org.deepzero.solver.grid;

/**
 * A uniform marker-and-cell (MAC) grid on the rectangle [0, width] x [0, height].
 *
 * <p>Pressure lives at cell centres ({@code nx * ny} values), the x-velocity u on the x-faces
 * ({@code ny} rows of {@code nx + 1}), the y-velocity v on the y-faces ({@code ny + 1} rows of
 * {@code nx}). All fields are stored row-major in flat {@code double[]}s: cell (i, j) at
 * {@code j * nx + i}, u-face (i, j) at {@code j * (nx + 1) + i} (x = i dx, y = (j + 1/2) dy),
 * v-face (i, j) at {@code j * nx + i} (x = (i + 1/2) dx, y = j dy).
 *
 * @param nx     cells along x, at least 1
 * @param ny     cells along y, at least 1
 * @param width  domain length along x, positive
 * @param height domain length along y, positive
 */
public record StaggeredGrid(int nx, int ny, double width, double height) {

    /** Checks the arguments; the exception carries the offending value. */
    public StaggeredGrid {
        if (nx < 1 || ny < 1) {
            throw new IllegalArgumentException("grid needs at least 1x1 cells, got " + nx + "x" + ny);
        }
        if (!(width > 0) || !(height > 0)) {
            throw new IllegalArgumentException("domain must be positive, got " + width + "x" + height);
        }
    }

    /** @return cell width along x */
    public double dx() {
        return width / nx;
    }

    /** @return cell height along y */
    public double dy() {
        return height / ny;
    }

    /** @return the smaller of dx and dy, the length that limits CFL */
    public double minSpacing() {
        return Math.min(dx(), dy());
    }

    /** @return number of cells (pressure unknowns) */
    public int cellCount() {
        return nx * ny;
    }

    /** @return number of u values, {@code ny * (nx + 1)} */
    public int uCount() {
        return ny * (nx + 1);
    }

    /** @return number of v values, {@code (ny + 1) * nx} */
    public int vCount() {
        return (ny + 1) * nx;
    }

    /** @return flat index of u-face (i, j), 0 <= i <= nx, 0 <= j < ny */
    public int u(int i, int j) {
        return j * (nx + 1) + i;
    }

    /** @return flat index of v-face (i, j), 0 <= i < nx, 0 <= j <= ny */
    public int v(int i, int j) {
        return j * nx + i;
    }

    /** @return flat index of cell (i, j) */
    public int cell(int i, int j) {
        return j * nx + i;
    }

    /** @return x coordinate of the centre of cell column i */
    public double cellX(int i) {
        return (i + 0.5) * dx();
    }

    /** @return y coordinate of the centre of cell row j */
    public double cellY(int j) {
        return (j + 0.5) * dy();
    }

    /**
     * The grid {@code factor} times finer in each direction over the same domain.
     *
     * @param factor refinement factor, at least 1
     * @return the refined grid
     */
    public StaggeredGrid refined(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("refinement factor must be >= 1, got " + factor);
        }
        return new StaggeredGrid(nx * factor, ny * factor, width, height);
    }
}
