package org.deepzero.solver.ops;

/**
 * A {@link PoissonLevel} of even sizes with its vectors stored by colour: the red cells
 * ({@code (i + j) % 2 == 0}) of row j in one array, the black ones in another, cell i of row j at
 * index {@code i >> 1}. Why: a red-black Gauss-Seidel sweep over the natural layout touches every
 * second cell, which the JIT cannot vectorise, and the sweep is then bound by one scalar division per
 * cell; by colour, a sweep is a loop over whole arrays that the JIT (C2's SuperWord) turns into
 * vector instructions, divisions included, provided every array in the loop is read at the loop
 * index itself. So the west or east neighbours, one place off, are read from a shifted copy of
 * each row, refreshed after every sweep (but the last of a V-cycle, after which only x is read),
 * and the north and south neighbours (the other colour in the rows above and below, same columns)
 * from those rows. (One flat array per colour, rows at offsets, was tried and is slower: C2 then
 * cannot rule out that a row's store overlaps the neighbouring rows' loads and does not vectorise.) The loops use the level's open-face
 * constants; the irregular cells (edges, obstacle surroundings, solid cells) are then recomputed
 * with the level's arrays and the wrapping neighbour rule. Every value is computed with the
 * operations, in the order, of {@link PoissonLevel}: a V-cycle over these levels gives the same
 * numbers bit for bit. Because both sizes are even, all four neighbours of a cell have the other
 * colour, so the order in which one colour's cells are updated does not matter.
 *
 * <p>Immutable; the vectors live in {@link Vectors}, one set per thread.
 */
final class SplitLevel {
    final PoissonLevel level;
    private final int nx;
    private final int ny;
    /** Row length of each colour array, nx / 2. */
    private final int h;
    /** Irregular cells by colour, as natural cell indices. */
    private final int[][] irregular;
    /** Inactive cells by colour, as natural cell indices. */
    private final int[][] inactive;
    /**
     * The stencil of each irregular cell by colour, looked up once here instead of per sweep: per
     * cell {@link #STENCIL} ints (row j, its index m = i >> 1, the east and west neighbours' indices
     * in the other colour's row j, the north and south rows) and {@link #STENCIL} doubles (diag,
     * then the conductances of the east, west, north and south faces), the very values the sweep
     * read from the level's arrays, so the arithmetic is unchanged.
     */
    private final int[][] stencilAt;
    private final double[][] stencilCoef;
    private static final int STENCIL = 6;

    SplitLevel(PoissonLevel level) {
        if (level.nx % 2 != 0 || level.ny % 2 != 0) {
            throw new IllegalArgumentException("split levels need even sizes, got " + level.nx + "x" + level.ny);
        }
        this.level = level;
        this.nx = level.nx;
        this.ny = level.ny;
        this.h = nx / 2;
        this.irregular = byColour(level.irregular);
        this.inactive = byColour(level.inactive);
        this.stencilAt = new int[2][];
        this.stencilCoef = new double[2][];
        for (int c = 0; c < 2; c++) {
            int[] cells = irregular[c];
            int[] at = new int[STENCIL * cells.length];
            double[] coef = new double[STENCIL * cells.length];
            for (int k = 0; k < cells.length; k++) {
                int cell = cells[k], i = cell % nx, j = cell / nx;
                int iE = i < nx - 1 ? i + 1 : 0, iW = i > 0 ? i - 1 : nx - 1;
                int jN = j < ny - 1 ? j + 1 : 0, jS = j > 0 ? j - 1 : ny - 1;
                int a = STENCIL * k;
                at[a] = j;
                at[a + 1] = i >> 1;
                at[a + 2] = iE >> 1;
                at[a + 3] = iW >> 1;
                at[a + 4] = jN;
                at[a + 5] = jS;
                coef[a] = level.diag[cell];
                coef[a + 1] = level.east[cell];
                coef[a + 2] = level.east[j * nx + iW];
                coef[a + 3] = level.north[cell];
                coef[a + 4] = level.north[jS * nx + i];
            }
            stencilAt[c] = at;
            stencilCoef[c] = coef;
        }
    }

    private int[][] byColour(int[] cells) {
        return new int[][] {
            java.util.Arrays.stream(cells).filter(c -> colour(c) == 0).toArray(),
            java.util.Arrays.stream(cells).filter(c -> colour(c) == 1).toArray()};
    }

    private int colour(int cell) {
        return (cell % nx + cell / nx) & 1;
    }

    /** The vectors of one level for one thread: x, its shifted rows, b and the residual, by colour. */
    static final class Vectors {
        final double[][][] x;
        final double[][][] shifted;
        final double[][][] b;
        final double[][][] r;
        /** One natural row of the next coarser level. */
        final double[] row;

        Vectors(SplitLevel l) {
            x = new double[2][l.ny][l.h];
            shifted = new double[2][l.ny][l.h];
            b = new double[2][l.ny][l.h];
            r = new double[2][l.ny][l.h];
            row = new double[l.h];
        }
    }

    /** b = the natural-layout vector {@code a}. */
    void loadB(double[] a, Vectors v) {
        for (int j = 0; j < ny; j++) {
            for (int c = 0; c < 2; c++) {
                double[] dst = v.b[c][j];
                for (int m = 0, k = j * nx + ((c + j) & 1); m < h; m++, k += 2) {
                    dst[m] = a[k];
                }
            }
        }
    }

    /** x = the natural-layout vector {@code a}, with the shifted copies (for tests: a V-cycle starts from zero). */
    void loadX(double[] a, Vectors v) {
        for (int j = 0; j < ny; j++) {
            for (int c = 0; c < 2; c++) {
                double[] dst = v.x[c][j];
                for (int m = 0, k = j * nx + ((c + j) & 1); m < h; m++, k += 2) {
                    dst[m] = a[k];
                }
            }
        }
        shiftAll(v);
    }

    /**
     * z = x in the natural layout, returning r . z summed in index order (one pass instead of two:
     * the conversion hides in the latency of the sum).
     */
    double storeXAndDot(Vectors v, double[] r, double[] z) {
        double dot = 0;
        for (int j = 0; j < ny; j++) {
            double[] even = v.x[j & 1][j], odd = v.x[1 - (j & 1)][j];   // columns 0, 2, ... and 1, 3, ...
            for (int m = 0, k = j * nx; m < h; m++, k += 2) {
                double a = even[m], b = odd[m];
                z[k] = a;
                dot += r[k] * a;
                z[k + 1] = b;
                dot += r[k + 1] * b;
            }
        }
        return dot;
    }

    /**
     * The shifted copy of row j of colour c, as its readers (the other colour in the same row) need
     * it: their west neighbour one place before when they start at column 0, their east neighbour
     * one place after when they start at column 1. The end that has no neighbour keeps 0 (read only
     * by edge cells, which are recomputed).
     */
    private void shift(Vectors v, int c, int j) {
        double[] src = v.x[c][j], dst = v.shifted[c][j];
        if (((1 - c + j) & 1) == 0) {
            System.arraycopy(src, 0, dst, 1, h - 1);
        } else {
            System.arraycopy(src, 1, dst, 0, h - 1);
        }
    }

    /** Refreshes the shifted copies of colour c (after x changed outside a sweep). */
    void shiftAll(Vectors v, int c) {
        for (int j = 0; j < ny; j++) {
            shift(v, c, j);
        }
    }

    /** Refreshes the shifted copies of both colours (after x changed outside a sweep). */
    void shiftAll(Vectors v) {
        shiftAll(v, 0);
        shiftAll(v, 1);
    }

    /** One Gauss-Seidel sweep over the cells of one colour; see {@link PoissonLevel#gaussSeidel}. */
    void gaussSeidel(Vectors v, int c) {
        gaussSeidel(v, c, true);
    }

    /**
     * {@link #gaussSeidel(Vectors, int)}; {@code refresh} false leaves this colour's shifted copies
     * stale, for the last sweep of a V-cycle on this level, after which only x itself is read (the
     * next cycle's first sweep refreshes them): ny short copies saved.
     */
    void gaussSeidel(Vectors v, int c, boolean refresh) {
        double e = level.eOpen, n = level.nOpen, d = level.dOpen;
        int o = 1 - c;
        for (int j = 1; j < ny - 1; j++) {
            double[] own = v.x[c][j], b = v.b[c][j];
            double[] same = v.x[o][j], sh = v.shifted[o][j], north = v.x[o][j + 1], south = v.x[o][j - 1];
            boolean startsAtZero = ((c + j) & 1) == 0;
            double[] east = startsAtZero ? same : sh, west = startsAtZero ? sh : same;
            for (int m = 0; m < h; m++) {
                own[m] = (b[m] + e * east[m] + e * west[m] + n * north[m] + n * south[m]) / d;
            }
        }
        double[][] own = v.x[c], b = v.b[c], other = v.x[o];
        int[] at = stencilAt[c];
        double[] coef = stencilCoef[c];
        for (int a = 0; a < at.length; a += STENCIL) {
            int j = at[a], m = at[a + 1];
            double dg = coef[a];
            if (dg == 0) {
                own[j][m] = 0;   // inactive: x stays 0 throughout a V-cycle
                continue;
            }
            double[] row = other[j];
            own[j][m] = (b[j][m] + coef[a + 1] * row[at[a + 2]] + coef[a + 2] * row[at[a + 3]]
                    + coef[a + 3] * other[at[a + 4]][m] + coef[a + 4] * other[at[a + 5]][m]) / dg;
        }
        if (refresh) {
            shiftAll(v, c);
        }
    }

    /**
     * The first sweep of a V-cycle on this level, colour 0, when x is 0: every neighbour term of
     * the general sweep is then {@code c * (+0) = +0}, and a sum {@code b + 0 + 0 + 0 + 0} is
     * {@code b + 0.0} (b itself, except -0 which becomes +0), so x = (b + 0.0) / diag with the same
     * bits, without reading x. It writes every cell of colour 0, so x needs no clearing before; the
     * next sweep (colour 1) overwrites every cell of colour 1 before anything reads them.
     */
    void firstSweepFromZero(Vectors v) {
        double d = level.dOpen;
        for (int j = 1; j < ny - 1; j++) {
            double[] own = v.x[0][j], b = v.b[0][j];
            for (int m = 0; m < h; m++) {
                own[m] = (b[m] + 0.0) / d;
            }
        }
        int[] at = stencilAt[0];
        double[] coef = stencilCoef[0];
        for (int a = 0; a < at.length; a += STENCIL) {
            int j = at[a], m = at[a + 1];
            v.x[0][j][m] = coef[a] == 0 ? 0 : (v.b[0][j][m] + 0.0) / coef[a];
        }
        shiftAll(v, 0);
    }

    /** r = b - A x; see {@link PoissonLevel#residual}. The shifted copies must be current. */
    void residual(Vectors v) {
        double e = level.eOpen, n = level.nOpen, d = level.dOpen;
        for (int c = 0; c < 2; c++) {
            int o = 1 - c;
            for (int j = 1; j < ny - 1; j++) {
                double[] own = v.x[c][j], b = v.b[c][j], r = v.r[c][j];
                double[] same = v.x[o][j], sh = v.shifted[o][j], north = v.x[o][j + 1], south = v.x[o][j - 1];
                boolean startsAtZero = ((c + j) & 1) == 0;
                double[] east = startsAtZero ? same : sh, west = startsAtZero ? sh : same;
                for (int m = 0; m < h; m++) {
                    r[m] = b[m] - (d * own[m] - e * east[m] - e * west[m] - n * north[m] - n * south[m]);
                }
            }
            double[][] own = v.x[c], b = v.b[c], r = v.r[c], other = v.x[o];
            int[] at = stencilAt[c];
            double[] coef = stencilCoef[c];
            for (int a = 0; a < at.length; a += STENCIL) {
                int j = at[a], m = at[a + 1];
                double[] row = other[j];
                r[j][m] = b[j][m] - (coef[a] * own[j][m]
                        - coef[a + 1] * row[at[a + 2]] - coef[a + 2] * row[at[a + 3]]
                        - coef[a + 3] * other[at[a + 4]][m] - coef[a + 4] * other[at[a + 5]][m]);
            }
        }
    }

    /**
     * Row jc of the restricted residual (the mean of each 2x2 block, as the natural restriction
     * sums it: (i, j), (i + 1, j), (i, j + 1), (i + 1, j + 1)) into {@code v.row}, natural layout.
     */
    void restrictRow(Vectors v, int jc) {
        double[] a = v.r[0][2 * jc], b = v.r[1][2 * jc], c = v.r[1][2 * jc + 1], d = v.r[0][2 * jc + 1];
        double[] out = v.row;
        for (int m = 0; m < h; m++) {
            out[m] = 0.25 * (a[m] + b[m] + c[m] + d[m]);
        }
    }

    /** Sets b of row jc from a natural row (the coarse side of a restriction). */
    void setBRow(Vectors v, int jc, double[] row) {
        for (int c = 0; c < 2; c++) {
            double[] dst = v.b[c][jc];
            for (int m = 0, i = (c + jc) & 1; m < h; m++, i += 2) {
                dst[m] = row[i];
            }
        }
    }

    /** Row jc of x in the natural layout (the coarse side of a prolongation). */
    void xRow(Vectors v, int jc, double[] row) {
        for (int c = 0; c < 2; c++) {
            double[] src = v.x[c][jc];
            for (int m = 0, i = (c + jc) & 1; m < h; m++, i += 2) {
                row[i] = src[m];
            }
        }
    }

    /**
     * x += the coarse correction on fine rows 2 jc and 2 jc + 1 (injection: fine cell i of those
     * rows takes coarse cell i >> 1, which is its index in the colour arrays).
     */
    void prolongRows(Vectors v, int jc, double[] coarseRow) {
        for (int j = 2 * jc; j <= 2 * jc + 1; j++) {
            for (int c = 0; c < 2; c++) {
                double[] x = v.x[c][j];
                for (int m = 0; m < h; m++) {
                    x[m] += coarseRow[m];
                }
            }
        }
    }

    /** Sets x back to 0 on the inactive cells (after a prolongation, which adds to every cell). */
    void resetInactive(Vectors v) {
        for (int c = 0; c < 2; c++) {
            for (int cell : inactive[c]) {
                v.x[c][cell / nx][(cell % nx) >> 1] = 0;
            }
        }
    }
}
