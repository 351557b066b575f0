package org.deepzero.zo.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.deepzero.common.InputException;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.query.DataMismatchException;
import org.deepzero.zo.query.DescribedObjective;
import org.deepzero.zo.query.LocalQueryExecutor;
import org.deepzero.zo.query.QueryBatch;
import org.deepzero.zo.query.QueryExecutor;

/**
 * Runs queries on Hazelcast members ({@code deepzero worker}) and on this machine together.
 * <p>
 * A batch is cut into chunks whose boundaries depend only on the batch size (never on the members or
 * timing); every chunk is a pure function of (recipe, θ, queries, range), and its values are placed
 * by query index, so the result is bit-identical to {@link LocalQueryExecutor} whatever the number of
 * members and the order results arrive in. Members take chunks from the front of the queue, at most
 * {@link Settings#inFlight} each; the calling thread takes chunks from the back. The recipe and θ go
 * to a member with its first chunk of a batch only.
 * <p>
 * A member that leaves ({@link MemberLeftException}) or does not answer within
 * {@link Settings#chunkTimeoutMillis} has its chunk put back in the queue and is not used again; a
 * warning line names it. With every member lost the calling thread finishes alone. A chunk may run
 * twice (a lost member may have finished it); only the first value is placed, the duplicates are
 * equal. Objectives without a recipe ({@link DescribedObjective}) run on this machine only.
 */
public final class ClusterQueryExecutor implements QueryExecutor {

    /**
     * @param chunks             chunks a batch is cut into (fewer for small batches)
     * @param inFlight           chunks outstanding per member
     * @param chunkTimeoutMillis a chunk not answered by then is taken back and its member dropped
     */
    public record Settings(String clusterName, int chunks, int inFlight, long chunkTimeoutMillis) {
        public static final Settings DEFAULT = new Settings(ClusterConfigs.DEFAULT_NAME, 64, 2, 120_000);

        public Settings {
            if (chunks < 1 || inFlight < 1 || chunkTimeoutMillis < 1) {
                throw new IllegalArgumentException("chunks, in-flight and time-out must be positive");
            }
        }
    }

    private final HazelcastInstance hz;
    private final Settings settings;
    private final IExecutorService remote;
    private final LocalQueryExecutor fallback = new LocalQueryExecutor();
    private final ExecutorService dispatchers;
    private final Set<UUID> dropped = ConcurrentHashMap.newKeySet();
    private final PrintStream warnings;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong remoteChunks = new AtomicLong();
    private final AtomicLong localChunks = new AtomicLong();
    private final AtomicLong contextBytes = new AtomicLong();
    private volatile boolean warnedNoRecipe;

    ClusterQueryExecutor(HazelcastInstance hz, Settings settings, PrintStream warnings) {
        this.hz = hz;
        this.settings = settings;
        this.remote = hz.getExecutorService(ClusterConfigs.EXECUTOR);
        this.warnings = warnings;
        AtomicInteger n = new AtomicInteger();
        this.dispatchers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "zo-cluster-dispatch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Joins the cluster at {@code members} as a lite member (holding no cluster data).
     *
     * @throws InputException one line naming {@code where} when no member answers
     */
    public static ClusterQueryExecutor join(JoinList members, Settings settings, String where) {
        return join(members, settings, where, System.err);
    }

    /** {@link #join(JoinList, Settings, String)} with warning lines going to {@code warnings}. */
    static ClusterQueryExecutor join(JoinList members, Settings settings, String where, PrintStream warnings) {
        HazelcastInstance hz;
        try {
            hz = Hazelcast.newHazelcastInstance(ClusterConfigs.member(settings.clusterName(), members, true,
                    JoinList.DEFAULT_PORT, 1));
        } catch (RuntimeException e) {
            throw new InputException(where + ": cannot join the cluster at " + members + ": " + e.getMessage(), e);
        }
        long workers = hz.getCluster().getMembers().stream().filter(m -> !m.localMember()).count();
        if (workers == 0) {
            hz.getLifecycleService().terminate();
            throw new InputException(where + ": no member answered at " + members
                    + " (start them with: deepzero worker --join " + members + ")");
        }
        return new ClusterQueryExecutor(hz, settings, warnings);
    }

    /** Members currently used (joined and not dropped), this process excluded. */
    public List<Member> members() {
        List<Member> out = new ArrayList<>();
        for (Member m : hz.getCluster().getMembers()) {
            if (!m.localMember() && !m.isLiteMember() && !dropped.contains(m.getUuid())) {
                out.add(m);
            }
        }
        return out;
    }

    /** Counters since start: batches, chunks run remotely, chunks run here, bytes of contexts sent. */
    public long[] counters() {
        return new long[] {batches.get(), remoteChunks.get(), localChunks.get(), contextBytes.get()};
    }

    @Override
    public double[] evaluate(Objective objective, QueryBatch batch) {
        if (!(objective instanceof DescribedObjective described)) {
            if (!warnedNoRecipe) {
                warnedNoRecipe = true;
                warnings.println("warning: this objective cannot leave the JVM (no recipe); its queries run on this machine only");
            }
            return fallback.evaluate(objective, batch);
        }
        batches.incrementAndGet();
        int n = batch.size();
        int chunk = Math.max(1, (n + settings.chunks() - 1) / settings.chunks());
        int count = (n + chunk - 1) / chunk;
        double[] out = new double[n];
        AtomicReferenceArray<double[]> placed = new AtomicReferenceArray<>(count);
        CountDownLatch remaining = new CountDownLatch(count);
        ConcurrentLinkedDeque<Integer> pending = new ConcurrentLinkedDeque<>();
        for (int c = 0; c < count; c++) {
            pending.add(c);
        }
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Run run = new Run(UUID.randomUUID().toString(), described, batch, chunk, out, placed, remaining, pending, failure);
        List<Future<?>> loops = new ArrayList<>();
        if (count > 1) {
            for (Member m : members()) {
                for (int k = 0; k < settings.inFlight(); k++) {
                    loops.add(dispatchers.submit(() -> run.memberLoop(m)));
                }
            }
        }
        try {
            // the calling thread works too, from the back of the queue
            while (failure.get() == null && remaining.getCount() > 0) {
                Integer c = pending.pollLast();
                if (c != null) {
                    localChunks.incrementAndGet();
                    int from = c * chunk;
                    run.place(c, described.local().values(batch.slice(from, Math.min(n, from + chunk))));
                } else {
                    remaining.await(2, TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while evaluating queries", e);
        } finally {
            run.stop = true;
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return out;
    }

    /** One batch in progress. */
    private final class Run {
        final String id;
        final DescribedObjective objective;
        final QueryBatch batch;
        final int chunk;
        final double[] out;
        final AtomicReferenceArray<double[]> placed;
        final CountDownLatch remaining;
        final ConcurrentLinkedDeque<Integer> pending;
        final AtomicReference<RuntimeException> failure;
        final Set<UUID> hasContext = ConcurrentHashMap.newKeySet();
        volatile boolean stop;
        private volatile BatchContext context;

        Run(String id, DescribedObjective objective, QueryBatch batch, int chunk, double[] out,
            AtomicReferenceArray<double[]> placed, CountDownLatch remaining, ConcurrentLinkedDeque<Integer> pending,
            AtomicReference<RuntimeException> failure) {
            this.id = id;
            this.objective = objective;
            this.batch = batch;
            this.chunk = chunk;
            this.out = out;
            this.placed = placed;
            this.remaining = remaining;
            this.pending = pending;
            this.failure = failure;
        }

        /** Places chunk {@code c} once; a duplicate (resubmitted chunk) is ignored. */
        void place(int c, double[] values) {
            if (placed.compareAndSet(c, null, values)) {
                System.arraycopy(values, 0, out, c * chunk, values.length);
                remaining.countDown();
            }
        }

        private BatchContext context() {
            BatchContext b = context;
            if (b == null) {
                synchronized (this) {
                    if (context == null) {
                        context = new BatchContext(objective.recipe(), WireBatch.of(batch));
                    }
                    b = context;
                }
            }
            return b;
        }

        void memberLoop(Member m) {
            while (!stop && failure.get() == null && !dropped.contains(m.getUuid())) {
                Integer c = pending.pollFirst();
                if (c == null) {
                    return;
                }
                if (placed.get(c) != null) {
                    continue;
                }
                int from = c * chunk;
                int to = Math.min(batch.size(), from + chunk);
                boolean first = !hasContext.contains(m.getUuid());
                try {
                    double[] v;
                    try {
                        v = submit(m, c, from, to, first);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof ContextMissingException)) {
                            throw e;
                        }
                        v = submit(m, c, from, to, true);
                    }
                    hasContext.add(m.getUuid());
                    remoteChunks.incrementAndGet();
                    place(c, v);
                } catch (TimeoutException e) {
                    lose(m, c, "did not answer within " + settings.chunkTimeoutMillis() + " ms");
                    return;
                } catch (InterruptedException e) {
                    pending.addFirst(c);
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException | RuntimeException e) {
                    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                    if (lostMember(cause) || !hz.getCluster().getMembers().contains(m)) {
                        lose(m, c, "left the cluster (" + cause.getClass().getSimpleName() + ")");
                        return;
                    }
                    pending.addFirst(c);
                    if (cause instanceof DataMismatchException) {
                        failure.compareAndSet(null, new InputException("cluster member " + m.getAddress()
                                + " refused: " + cause.getMessage()));
                    } else {
                        failure.compareAndSet(null, new IllegalStateException("query chunk failed on member "
                                + m.getAddress() + ": " + cause.getClass().getName() + ": " + cause.getMessage(), cause));
                    }
                    return;
                }
            }
        }

        private double[] submit(Member m, int c, int from, int to, boolean withContext)
                throws ExecutionException, InterruptedException, TimeoutException {
            BatchContext ctx = withContext ? context() : null;
            if (ctx != null) {
                contextBytes.addAndGet(8L * (ctx.batch().base().length + ctx.batch().vectors().length
                        * (long) ctx.batch().base().length) + 16L * batch.size());
            }
            Future<double[]> f = remote.submitToMember(new ChunkTask(id, from, to, ctx), m);
            // no cancel on time-out: Hazelcast's cancel waits for the (hung) member's answer; the late
            // result of an idempotent task is simply not placed
            return f.get(settings.chunkTimeoutMillis(), TimeUnit.MILLISECONDS);
        }

        private void lose(Member m, int c, String why) {
            pending.addFirst(c); // resubmitted: to another member or done by the caller
            if (dropped.add(m.getUuid())) {
                warnings.println("warning: cluster member " + m.getAddress() + " " + why
                        + "; its queries are resubmitted and it is not used again");
            }
        }
    }

    private static boolean lostMember(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof MemberLeftException || c instanceof TargetNotMemberException
                    || c instanceof HazelcastInstanceNotActiveException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        dispatchers.shutdownNow();
        fallback.close();
        // a lite member holds no data: terminate at once rather than wait for a graceful hand-over
        hz.getLifecycleService().terminate();
    }
}
