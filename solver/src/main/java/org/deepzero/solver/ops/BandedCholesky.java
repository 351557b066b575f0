package org.deepzero.solver.ops;

/**
 * A direct solve of a grounded (non-singular) pressure level {@code A x = b}: the Cholesky factor
 * {@code A = L L^T} of the active cells, numbered so that the matrix is banded, computed once per
 * grid. On a small grid such as the coarse 64x32 of every sol-zo query a solve is two sweeps over
 * the band, several times cheaper than conjugate gradients with a multigrid cycle per iteration;
 * and its result is a fixed linear map of b (to rounding), where an iteration stopped at a
 * tolerance is not. Hipparchus has dense Cholesky only (n^2 storage, n^2 work per solve),
 * ND4J no banded LAPACK routine, hence this class.
 *
 * <p>Numbering: the active cells (diag != 0) column by column (y fastest) or row by row (x
 * fastest), the shorter side fastest, which gives the smaller half-bandwidth; a periodic seam must run along the fast
 * direction, so a domain periodic in both directions has no banded numbering (and no ground). The
 * factorization is the banded row-oriented Cholesky (Golub and Van Loan, Matrix Computations,
 * 4th ed., algorithm 4.3.5). L is kept once, by rows (half a MiB at 64x32, in
 * a core's L2): a second copy by columns, so that the forward sweep could also run as contiguous
 * updates, measured no faster. Immutable; {@link #solve} allocates nothing but its
 * thread's work vector, so one instance serves concurrent solves.
 */
final class BandedCholesky {
    /** Grid cell of each unknown, in solve order. */
    private final int[] cell;
    /** Half-bandwidth b: L[i][k] = 0 for k < i - b. */
    private final int band;
    /** Row i of L at {@code rows[i * (b + 1) + (k - i + b)]}, k in [i - b, i]. */
    private final double[] rows;
    /** 1 / L_ii: the sweeps multiply, since a division would sit on their critical path. */
    private final double[] inverseDiagonal;
    private final ThreadLocal<double[]> work;

    private BandedCholesky(int[] cell, int band, double[] rows) {
        this.cell = cell;
        this.band = band;
        this.rows = rows;
        this.inverseDiagonal = new double[cell.length];
        for (int i = 0; i < cell.length; i++) {
            inverseDiagonal[i] = 1 / rows[i * (band + 1) + band];
        }
        this.work = ThreadLocal.withInitial(() -> new double[cell.length]);
    }

    /**
     * The factor of a level, when it is worth having.
     *
     * @param level     the operator
     * @param maxStored the largest band storage to accept, counted for the whole grid: cells times
     *                  (the numbering's fast side + 1), a bound on the factor's values
     * @return the factor, or null when the level is singular (no ground), has no banded numbering,
     *         or the grid's band storage would be larger than {@code maxStored}
     */
    static BandedCholesky factor(PoissonLevel level, long maxStored) {
        if (!level.grounded || (level.periodicX && level.periodicY)) {
            return null;
        }
        boolean yFast = level.periodicY || (!level.periodicX && level.ny <= level.nx);
        int nx = level.nx, ny = level.ny;
        // the limit applies to the band of the whole grid (cells x fast side), not of the fluid cells
        // alone, so that a memory estimate from the grid's sides knows whether there is a factor
        if ((double) nx * ny * ((yFast ? ny : nx) + 1) > maxStored) {
            return null;
        }
        int[] index = new int[nx * ny];
        java.util.Arrays.fill(index, -1);
        int[] cell = new int[nx * ny];
        int n = 0;
        for (int outer = 0; outer < (yFast ? nx : ny); outer++) {
            for (int inner = 0; inner < (yFast ? ny : nx); inner++) {
                int c = yFast ? inner * nx + outer : outer * nx + inner;
                if (level.diag[c] != 0) {
                    index[c] = n;
                    cell[n++] = c;
                }
            }
        }
        cell = java.util.Arrays.copyOf(cell, n);
        int band = 0;
        for (int k = 0; k < n; k++) {
            int c = cell[k], i = c % nx, j = c / nx;
            if (level.east[c] != 0) {
                band = Math.max(band, Math.abs(index[level.eastOf(i, j)] - k));
            }
            if (level.north[c] != 0) {
                band = Math.max(band, Math.abs(index[level.northOf(i, j)] - k));
            }
        }
        int w = band + 1;
        double[] rows = new double[n * w];
        for (int k = 0; k < n; k++) {
            int c = cell[k], i = c % nx, j = c / nx;
            rows[k * w + band] = level.diag[c];
            if (level.east[c] != 0) {
                lowerEntry(rows, w, band, k, index[level.eastOf(i, j)], -level.east[c]);
            }
            if (level.north[c] != 0) {
                lowerEntry(rows, w, band, k, index[level.northOf(i, j)], -level.north[c]);
            }
        }
        factorInPlace(rows, n, band);
        return new BandedCholesky(cell, band, rows);
    }

    /** Adds the coupling a between unknowns p and q to the lower triangle (row max, column min). */
    private static void lowerEntry(double[] rows, int w, int band, int p, int q, double a) {
        int i = Math.max(p, q), k = Math.min(p, q);
        rows[i * w + (k - i + band)] += a;
    }

    /** Overwrites the lower band of A, by rows, with L (algorithm 4.3.5, row-oriented). */
    private static void factorInPlace(double[] a, int n, int band) {
        int w = band + 1;
        for (int i = 0; i < n; i++) {
            int lo = Math.max(0, i - band);
            for (int k = lo; k <= i; k++) {
                double s = a[i * w + (k - i + band)];
                for (int m = Math.max(lo, k - band); m < k; m++) {
                    s -= a[i * w + (m - i + band)] * a[k * w + (m - k + band)];
                }
                if (k < i) {
                    a[i * w + (k - i + band)] = s / a[k * w + band];
                } else {
                    if (!(s > 0)) {
                        throw new IllegalStateException("pressure operator is not positive definite at unknown " + i);
                    }
                    a[i * w + band] = Math.sqrt(s);
                }
            }
        }
    }

    /** @return the half-bandwidth */
    int band() {
        return band;
    }

    /** @return the values the factor keeps (unknowns times half-bandwidth + 1) */
    long storedValues() {
        return rows.length;
    }

    /**
     * x = A^-1 b on the active cells; x is 0 on the inactive ones.
     *
     * @param b right-hand side per grid cell (read only)
     * @param x receives the solution per grid cell (may not be b)
     */
    void solve(double[] b, double[] x) {
        int n = cell.length, w = band + 1;
        double[] y = work.get();
        for (int k = 0; k < n; k++) {
            y[k] = b[cell[k]];
        }
        // L y' = y by rows: eight partial sums, so the row's products do not wait on one another
        // (8 measured 0.026 ms at 64x32 against 0.033 ms for 4)
        for (int i = 0; i < n; i++) {
            int start = Math.max(0, i - band);
            int off = i * w + band - i;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
            int k = start;
            for (; k + 7 < i; k += 8) {
                s0 += rows[off + k] * y[k];
                s1 += rows[off + k + 1] * y[k + 1];
                s2 += rows[off + k + 2] * y[k + 2];
                s3 += rows[off + k + 3] * y[k + 3];
                s4 += rows[off + k + 4] * y[k + 4];
                s5 += rows[off + k + 5] * y[k + 5];
                s6 += rows[off + k + 6] * y[k + 6];
                s7 += rows[off + k + 7] * y[k + 7];
            }
            for (; k < i; k++) {
                s0 += rows[off + k] * y[k];
            }
            y[i] = (y[i] - (((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)))) * inverseDiagonal[i];
        }
        // L^T x = y' by columns of L^T (rows of L): x_i = y_i / L_ii, then y_k -= L_ik x_i above it.
        // Two unknowns per pass (x_i, then x_{i-1}, then one update with both rows): a pass per
        // unknown read each x_{i-1} back right after the vector update that wrote it, and took
        // 0.031 against 0.020 ms at 64x32.
        int i = n - 1;
        for (; i > band; i -= 2) {
            int off = i * w + band - i;
            int off1 = off - w + 1;   // row i - 1
            double s = y[i] * inverseDiagonal[i];
            y[i] = s;
            double t = (y[i - 1] - rows[off + i - 1] * s) * inverseDiagonal[i - 1];
            y[i - 1] = t;
            y[i - 1 - band] -= rows[off1 + i - 1 - band] * t;   // row i - 1 reaches one further up
            for (int k = i - band; k < i - 1; k++) {
                y[k] -= rows[off + k] * s + rows[off1 + k] * t;
            }
        }
        for (; i >= 0; i--) {
            double s = y[i] * inverseDiagonal[i];
            y[i] = s;
            int off = i * w + band - i;
            for (int k = Math.max(0, i - band); k < i; k++) {
                y[k] -= rows[off + k] * s;
            }
        }
        java.util.Arrays.fill(x, 0);
        for (int k = 0; k < n; k++) {
            x[cell[k]] = y[k];
        }
    }
}
