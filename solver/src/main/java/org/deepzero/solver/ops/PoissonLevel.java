package org.deepzero.solver.ops;

/**
 * One level of the pressure operator {@code A = -lap} on cell centres, written as face
 * conductances: {@code (A p)_c = sum over faces f of c w_f (p_c - p_neighbour) / h_f^2}, with
 * {@code w_f} in [0, 1] (0 = closed: obstacle, wall or inflow face, i.e. Neumann).
 * Coarse levels average the conductances of the two fine faces that make up a coarse face, so
 * partly blocked coarse faces conduct partly. A cell may also conduct to a fixed value 0 outside
 * the domain ({@code ground}: the outflow face, where the pressure is held at 0; a Dirichlet
 * condition), which makes the operator non-singular. Immutable after construction.
 */
final class PoissonLevel {
    final int nx;
    final int ny;
    final boolean periodicX;
    final boolean periodicY;
    /** Conductance / dx^2 of the east face of each cell (0 on the last column unless periodic). */
    final double[] east;
    /** Conductance / dy^2 of the north face of each cell. */
    final double[] north;
    /** Conductance / h^2 to the fixed value 0 outside the domain (a Dirichlet face); mostly 0. */
    final double[] ground;
    /** Sum of the conductances of the four faces and the ground; 0 marks an inactive (solid or isolated) cell. */
    final double[] diag;
    /** True when some cell conducts to the ground: the operator is then non-singular. */
    final boolean grounded;
    /** Conductance of an open east face, of an open north face, and the diagonal of a cell with four open faces. */
    final double eOpen;
    final double nOpen;
    final double dOpen;
    /**
     * The cells whose row does not read {@code eOpen, nOpen, dOpen} (see {@link #isRegular}), in
     * increasing order; those of row j are {@code irregular[irregularStart[j] .. irregularStart[j + 1])}.
     */
    final int[] irregular;
    /** The inactive cells (diag 0), in increasing order. */
    final int[] inactive;
    private final int[] irregularStart;
    /**
     * Per irregular cell (in the order of {@link #irregular}) its east, west, north and south
     * neighbours (wrapping) and the diagonal and the four conductances its row reads, looked up once
     * here rather than per pass; the same values, so the same arithmetic.
     */
    private final int[] stencilAt;
    private final double[] stencilCoef;
    private static final int STENCIL = 5;

    PoissonLevel(int nx, int ny, boolean periodicX, boolean periodicY, double[] east, double[] north) {
        this(nx, ny, periodicX, periodicY, east, north, new double[nx * ny]);
    }

    PoissonLevel(int nx, int ny, boolean periodicX, boolean periodicY, double[] east, double[] north,
                 double[] ground) {
        this.nx = nx;
        this.ny = ny;
        this.periodicX = periodicX;
        this.periodicY = periodicY;
        this.east = east;
        this.north = north;
        this.ground = ground;
        this.diag = new double[nx * ny];
        boolean any = false;
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                int c = j * nx + i;
                diag[c] += east[c] + north[c];
                diag[c] += east[westOf(i, j)] + north[southOf(i, j)];
                diag[c] += ground[c];
                any |= ground[c] != 0;
            }
        }
        this.grounded = any;
        double e = 0, n = 0;
        for (int c = 0; c < nx * ny; c++) {
            e = Math.max(e, east[c]);
            n = Math.max(n, north[c]);
        }
        this.eOpen = e;
        this.nOpen = n;
        this.dOpen = (e + n) + (e + n);   // the sum diag[c] of a regular cell, in the order above
        int[] list = new int[nx * ny];
        this.irregularStart = new int[ny + 1];
        int count = 0;
        for (int j = 0; j < ny; j++) {
            irregularStart[j] = count;
            for (int i = 0; i < nx; i++) {
                if (!isRegular(i, j)) {
                    list[count++] = j * nx + i;
                }
            }
        }
        irregularStart[ny] = count;
        this.irregular = java.util.Arrays.copyOf(list, count);
        this.inactive = java.util.stream.IntStream.range(0, nx * ny).filter(c -> diag[c] == 0).toArray();
        this.stencilAt = new int[STENCIL * count];
        this.stencilCoef = new double[STENCIL * count];
        for (int k = 0; k < count; k++) {
            int c = irregular[k], i = c % nx, j = c / nx, a = STENCIL * k;
            int w = westOf(i, j), s = southOf(i, j);
            stencilAt[a] = eastOf(i, j);
            stencilAt[a + 1] = w;
            stencilAt[a + 2] = northOf(i, j);
            stencilAt[a + 3] = s;
            stencilCoef[a] = diag[c];
            stencilCoef[a + 1] = east[c];
            stencilCoef[a + 2] = east[w];
            stencilCoef[a + 3] = north[c];
            stencilCoef[a + 4] = north[s];
        }
    }

    /**
     * A regular cell is away from the domain's edges (its neighbours are c +- 1 and c +- nx, no
     * wrapping) and has four open faces of the level's full conductances and no ground: its row of
     * A is {@code dOpen, -eOpen, -eOpen, -nOpen, -nOpen}, the same numbers as in the arrays, so the
     * loops over regular cells read three constants instead of five arrays (less memory traffic;
     * at fine grids the arrays do not fit the cache) and compute bit for bit the same values.
     * Almost all cells are regular; the others (edges, obstacle surroundings, solid cells) take the
     * general formula with the arrays.
     */
    private boolean isRegular(int i, int j) {
        if (i == 0 || j == 0 || i == nx - 1 || j == ny - 1) {
            return false;
        }
        int c = j * nx + i;
        return east[c] == eOpen && east[c - 1] == eOpen && north[c] == nOpen && north[c - nx] == nOpen
                && ground[c] == 0 && diag[c] == dOpen && dOpen != 0;
    }

    int size() {
        return nx * ny;
    }

    /** @return index of the west neighbour (wraps; callers see 0 conductance on a wall) */
    int westOf(int i, int j) {
        return j * nx + (i > 0 ? i - 1 : nx - 1);
    }

    int eastOf(int i, int j) {
        return j * nx + (i < nx - 1 ? i + 1 : 0);
    }

    int southOf(int i, int j) {
        return (j > 0 ? j - 1 : ny - 1) * nx + i;
    }

    int northOf(int i, int j) {
        return (j < ny - 1 ? j + 1 : 0) * nx + i;
    }

    /**
     * y = A x: per row, the runs of regular cells between the irregular ones (see {@link #isRegular})
     * with constant coefficients, the irregular cells with the arrays; the arithmetic per cell, and
     * its order, is that of the plain formula {@code diag x_c - e_c x_E - e_W x_W - n_c x_N - n_S x_S}.
     */
    void apply(double[] x, double[] y) {
        applyAndDot(x, y);
    }

    /**
     * y = A x as {@link #apply}, returning the dot product x . y summed in index order (the order of
     * a plain loop over the cells): one pass instead of two, the sum's latency hidden in the stencil.
     */
    double applyAndDot(double[] x, double[] y) {
        double d = dOpen, e = eOpen, nn = nOpen;
        int w = nx;
        double dot = 0;
        for (int j = 0; j < ny; j++) {
            int c = j * nx;
            for (int k = irregularStart[j]; k < irregularStart[j + 1]; k++) {
                int stop = irregular[k];
                for (; c < stop; c++) {
                    double v = d * x[c] - e * x[c + 1] - e * x[c - 1] - nn * x[c + w] - nn * x[c - w];
                    y[c] = v;
                    dot += x[c] * v;
                }
                applyAt(x, y, stop, k);
                dot += x[stop] * y[stop];
                c = stop + 1;
            }
        }
        return dot;
    }

    /** Row c of y = A x for irregular cell number k (c = irregular[k]), with its looked-up stencil. */
    private void applyAt(double[] x, double[] y, int c, int k) {
        int[] at = stencilAt;
        double[] w = stencilCoef;
        int a = STENCIL * k;
        y[c] = w[a] * x[c] - w[a + 1] * x[at[a]] - w[a + 2] * x[at[a + 1]] - w[a + 3] * x[at[a + 2]]
                - w[a + 4] * x[at[a + 3]];
    }

    /** r = b - A x, in one pass (the value of each r_c is that of {@code b_c - (A x)_c}); runs as {@link #apply}. */
    void residual(double[] x, double[] b, double[] r) {
        double d = dOpen, e = eOpen, nn = nOpen;
        int w = nx;
        for (int j = 0; j < ny; j++) {
            int c = j * nx;
            for (int k = irregularStart[j]; k < irregularStart[j + 1]; k++) {
                int stop = irregular[k];
                for (; c < stop; c++) {
                    r[c] = b[c] - (d * x[c] - e * x[c + 1] - e * x[c - 1] - nn * x[c + w] - nn * x[c - w]);
                }
                residualAt(x, b, r, stop, k);
                c = stop + 1;
            }
        }
    }

    private void residualAt(double[] x, double[] b, double[] r, int c, int k) {
        int[] at = stencilAt;
        double[] w = stencilCoef;
        int a = STENCIL * k;
        r[c] = b[c] - (w[a] * x[c] - w[a + 1] * x[at[a]] - w[a + 2] * x[at[a + 1]] - w[a + 3] * x[at[a + 2]]
                - w[a + 4] * x[at[a + 3]]);
    }

    /**
     * One Gauss-Seidel sweep over the cells of one colour ((i + j) % 2 == colour), in increasing
     * or decreasing order; the decreasing sweep is the adjoint of the increasing one, which keeps
     * the V-cycle symmetric (a requirement for a CG preconditioner). The first and last columns
     * take the wrapping neighbour rule, the columns between a loop without it (same order).
     */
    void gaussSeidel(double[] x, double[] b, int colour, boolean forward) {
        if (nx % 2 == 0 && ny % 2 == 0) {
            gaussSeidelEven(x, b, colour);
        } else {
            gaussSeidelOrdered(x, b, colour, forward);
        }
    }

    /**
     * The sweep when both sizes are even: every neighbour of a cell, wrapping ones included, has the
     * other colour, so the new values do not depend on the order of the cells, and the sweep runs
     * as {@link #apply} does (regular runs with constants, then each irregular cell). The regular
     * run also passes over solid cells inside it; those are reset to 0, the value x holds on
     * inactive cells throughout a V-cycle (it starts at 0 and no operation changes them).
     */
    private void gaussSeidelEven(double[] x, double[] b, int colour) {
        double d = dOpen, e = eOpen, nn = nOpen;
        int w = nx;
        for (int j = 0; j < ny; j++) {
            int row = j * nx;
            int c = row + ((colour + j) & 1);   // the first cell of this colour in the row
            for (int k = irregularStart[j]; k < irregularStart[j + 1]; k++) {
                int stop = irregular[k];
                for (; c < stop; c += 2) {
                    x[c] = (b[c] + e * x[c + 1] + e * x[c - 1] + nn * x[c + w] + nn * x[c - w]) / d;
                }
                if (((stop - row + j) & 1) == colour) {
                    relaxIrregular(x, b, stop, k);
                    c = stop + 2;
                } else {
                    c = stop + 1;
                }
            }
        }
    }

    /** The sweep cell by cell in the given order (any sizes; the reference the faster sweeps are tested against). */
    void gaussSeidelOrdered(double[] x, double[] b, int colour, boolean forward) {
        for (int jj = 0; jj < ny; jj++) {
            int j = forward ? jj : ny - 1 - jj;
            int row = j * nx;
            int sOff = southOf(0, j) - row;
            int nOff = northOf(0, j) - row;
            int start = (colour + j) & 1;
            int last = nx - 1 - (((nx - 1) + j + colour) & 1);
            boolean firstEdge = start == 0;
            boolean lastEdge = last == nx - 1 && nx > 1;
            int lo = firstEdge ? 2 : start;            // interior cells of this colour: lo, lo + 2, ..., hi
            int hi = last == nx - 1 ? last - 2 : last;
            if (forward) {
                if (firstEdge) {
                    relaxEdge(x, b, 0, j);
                }
                for (int c = row + lo; c <= row + hi; c += 2) {
                    relax(x, b, c, sOff, nOff);
                }
                if (lastEdge) {
                    relaxEdge(x, b, nx - 1, j);
                }
            } else {
                if (lastEdge) {
                    relaxEdge(x, b, nx - 1, j);
                }
                for (int c = row + hi; c >= row + lo; c -= 2) {
                    relax(x, b, c, sOff, nOff);
                }
                if (firstEdge) {
                    relaxEdge(x, b, 0, j);
                }
            }
        }
    }

    /** Relaxes interior-column cell c (its west and east neighbours are c - 1 and c + 1). */
    private void relax(double[] x, double[] b, int c, int sOff, int nOff) {
        double d = diag[c];
        if (d == 0) {
            return;
        }
        int s = c + sOff, w = c - 1;
        x[c] = (b[c] + east[c] * x[c + 1] + east[w] * x[w]
                + north[c] * x[c + nOff] + north[s] * x[s]) / d;
    }

    /** Relaxes irregular cell number k (c = irregular[k]) with its looked-up stencil; inactive cells get 0. */
    private void relaxIrregular(double[] x, double[] b, int c, int k) {
        int[] at = stencilAt;
        double[] w = stencilCoef;
        int a = STENCIL * k;
        double d = w[a];
        if (d == 0) {
            x[c] = 0;
            return;
        }
        x[c] = (b[c] + w[a + 1] * x[at[a]] + w[a + 2] * x[at[a + 1]] + w[a + 3] * x[at[a + 2]]
                + w[a + 4] * x[at[a + 3]]) / d;
    }

    private void relaxEdge(double[] x, double[] b, int i, int j) {
        int c = j * nx + i;
        double d = diag[c];
        if (d == 0) {
            return;
        }
        int w = westOf(i, j), s = southOf(i, j);
        x[c] = (b[c] + east[c] * x[eastOf(i, j)] + east[w] * x[w]
                + north[c] * x[northOf(i, j)] + north[s] * x[s]) / d;
    }

    /** @return true when this level may be halved (even sizes, both at least 4) */
    boolean canCoarsen() {
        return nx % 2 == 0 && ny % 2 == 0 && Math.min(nx, ny) >= 4;
    }

    /**
     * @return the next coarser level: 2x2 cells merged, coarse face conductance = mean of its two
     *         fine faces; the ground conductance likewise (the ground faces of a block's two cells
     *         along the boundary make one coarse face, 2h away from the coarse centre)
     */
    PoissonLevel coarsen() {
        int cnx = nx / 2, cny = ny / 2;
        double[] ce = new double[cnx * cny], cn = new double[cnx * cny], cg = new double[cnx * cny];
        for (int jc = 0; jc < cny; jc++) {
            for (int ic = 0; ic < cnx; ic++) {
                int c = jc * cnx + ic;
                int fe0 = (2 * jc) * nx + 2 * ic + 1, fe1 = fe0 + nx;
                int fn0 = (2 * jc + 1) * nx + 2 * ic, fn1 = fn0 + 1;
                // fine conductances already carry 1/h^2; a coarse face is 2h away: divide by 4
                ce[c] = 0.5 * (east[fe0] + east[fe1]) / 4;
                cn[c] = 0.5 * (north[fn0] + north[fn1]) / 4;
                int f = (2 * jc) * nx + 2 * ic;
                cg[c] = 0.5 * (ground[f] + ground[f + 1] + ground[f + nx] + ground[f + nx + 1]) / 4;
            }
        }
        return new PoissonLevel(cnx, cny, periodicX, periodicY, ce, cn, cg);
    }
}
