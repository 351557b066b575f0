package org.deepzero.zo.query;

import org.deepzero.common.InputException;
import org.deepzero.zo.cluster.ClusterQueryExecutor;
import org.deepzero.zo.cluster.JoinList;

/**
 * The one place that turns a user's executor choice into a {@link QueryExecutor}:
 * <pre>
 *   local            one thread per core
 *   local:T          T threads
 *   cluster:host[:port],...   queries spread over Hazelcast members (started with deepzero worker) and this machine
 * </pre>
 */
public final class QueryExecutors {
    /** The setting when none is given. */
    public static final String DEFAULT = "local";

    private QueryExecutors() {
    }

    /**
     * Checks a specification without starting anything.
     *
     * @param where what names the setting in an error message, e.g. {@code "--executor"} or
     *              {@code "case.toml: [execution] executor"}
     * @throws InputException one line naming {@code where} when the value is malformed
     */
    public static void validate(String spec, String where) {
        parse(spec, where, false);
    }

    /**
     * The executor {@code spec} describes; a cluster executor joins its members now.
     *
     * @throws InputException one line naming {@code where} when the value is malformed or no member answers
     */
    public static QueryExecutor fromSpec(String spec, String where) {
        return parse(spec, where, true);
    }

    /** {@link #fromSpec(String, String)} naming {@code --executor}. */
    public static QueryExecutor fromSpec(String spec) {
        return fromSpec(spec, "--executor");
    }

    /**
     * This machine's part of {@code spec}, for work that stays here (test rollouts that keep their
     * states, a fit's validation): {@code local:T} gives T threads, {@code local} and {@code cluster:...}
     * one per core. {@code spec} must be valid ({@link #validate}).
     */
    public static LocalQueryExecutor onThisMachine(String spec) {
        String s = spec.strip();
        if (s.startsWith("local:")) {
            return new LocalQueryExecutor(Integer.parseInt(s.substring("local:".length())));
        }
        return new LocalQueryExecutor();
    }

    private static QueryExecutor parse(String spec, String where, boolean build) {
        if (spec == null || spec.isBlank()) {
            throw new InputException(where + ": empty executor; expected local[:threads] or cluster:host[:port],...");
        }
        String s = spec.strip();
        if (s.equals("local")) {
            return build ? new LocalQueryExecutor() : null;
        }
        if (s.startsWith("local:")) {
            int threads;
            try {
                threads = Integer.parseInt(s.substring("local:".length()));
            } catch (NumberFormatException e) {
                threads = -1;
            }
            if (threads < 1 || threads > 4096) {
                throw new InputException(where + ": '" + s + "' has no valid thread count; expected local:T with T in 1..4096");
            }
            return build ? new LocalQueryExecutor(threads) : null;
        }
        if (s.startsWith("cluster:")) {
            JoinList members = JoinList.parse(s.substring("cluster:".length()), where);
            return build ? ClusterQueryExecutor.join(members, ClusterQueryExecutor.Settings.DEFAULT, where) : null;
        }
        throw new InputException(where + ": unknown executor '" + s + "'; expected local[:threads] or cluster:host[:port],...");
    }
}
