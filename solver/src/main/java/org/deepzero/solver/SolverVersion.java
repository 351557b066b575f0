package org.deepzero.solver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.deepzero.common.Hashing;

/**
 * The version of the numerics, recorded in every output so results can be traced to code. A
 * hand-kept {@link #VERSION} is easily forgotten (it did not change across solver changes), so cached
 * data are keyed by {@link #fingerprint()}, which holds the SHA-256 of the solver's sources as the
 * build computed it ({@code solver/pom.xml}, resource {@value #SOURCE_HASH_RESOURCE}).
 */
public final class SolverVersion {
    /** Bump when a change alters the numbers a step produces (informative; caches use {@link #fingerprint()}). */
    public static final String VERSION = "deepzero-solver 0.2.0 (MAC, MacCormack/SL, banded Cholesky or MG-PCG)";

    /** Class-path resource holding the sources' SHA-256 in hex. */
    public static final String SOURCE_HASH_RESOURCE = "solver-source.sha256";

    private static final String SOURCE_HASH = readSourceHash();

    private SolverVersion() {
    }

    /**
     * @return SHA-256 (hex) of every {@code .java} file of the solver's main sources, computed by the
     *         build; any edit of the solver's code changes it
     * @throws IllegalStateException when the build did not write it (a class path without the solver's resources)
     */
    public static String sourceHash() {
        if (SOURCE_HASH == null) {
            throw new IllegalStateException("the solver's build did not write " + SOURCE_HASH_RESOURCE
                    + " (build with Maven: mvn -B -DskipTests package)");
        }
        return SOURCE_HASH;
    }

    /** @return {@link #VERSION} with the first 16 hex digits of {@link #sourceHash()}: recorded in, and required of, cached data */
    public static String fingerprint() {
        return VERSION + " source " + sourceHash().substring(0, 16);
    }

    /**
     * The key of data a solver of this code makes from case settings of hash {@code caseHash}:
     * SHA-256 over both, so a changed case setting or a changed solver names another file.
     *
     * @param caseHash SHA-256 (hex) of what shapes the data in the case
     * @return 64 hex digits
     */
    public static String dataKey(String caseHash) {
        return Hashing.ofSettings(java.util.Map.of("case", caseHash, "solver", sourceHash()));
    }

    private static String readSourceHash() {
        try (InputStream in = SolverVersion.class.getResourceAsStream(SOURCE_HASH_RESOURCE)) {
            if (in == null) {
                return null;
            }
            String h = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
            return h.matches("[0-9a-f]{64}") ? h : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SOURCE_HASH_RESOURCE, e);
        }
    }
}
