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
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.deepzero.common.InputException;
import org.deepzero.zo.objective.Objective;
import org.deepzero.zo.query.DescribedObjective;
import org.deepzero.zo.query.DescribedTaskSet;
import org.deepzero.zo.query.LocalQueryExecutor;
import org.deepzero.zo.query.MeteredObjective;
import org.deepzero.zo.query.MeteredTaskSet;
import org.deepzero.zo.query.QueryChunks;
import org.deepzero.zo.query.QueryBatch;
import org.deepzero.zo.query.QueryExecutor;
import org.deepzero.zo.query.TaskSet;

/**
 * Runs queries on Hazelcast members ({@code deepzero worker}) and on this machine together.
 * <p>
 * A batch is cut into {@link QueryChunks}, the chunking every executor uses (boundaries from the batch
 * size alone); every chunk is a pure function of (recipe, θ, queries, chunk index) and its values are
 * placed by query index, so the result is bit-identical to {@link LocalQueryExecutor} whatever the
 * number of members and the order results arrive in. Members take chunks from the front of the queue,
 * at most {@link Settings#inFlight} tasks each; a task groups as many consecutive chunks as the member,
 * at its measured cost per query, evaluates in about {@link Settings#taskSeconds} (one chunk until it
 * is measured); grouping changes messages, never values. The calling thread takes single chunks from
 * the back. The recipe and θ go to a member with its first task of a batch only.
 * <p>
 * A member that leaves ({@link MemberLeftException}) or does not answer within
 * {@link Settings#chunkTimeoutMillis} has its chunks put back in the queue and is not used again; a
 * warning line names it. With every member lost the calling thread finishes alone. A chunk may run
 * twice (a lost member may have finished it); only the first value is placed, the duplicates are
 * equal. Answers are tagged with their batch and chunks; an answer to another task (a predecessor's,
 * delivered to a process restarted at the same address) is dropped and the task sent again.
 * Objectives without a recipe ({@link DescribedObjective}) run on this machine only.
 * <p>
 * Task sets ({@link #run(TaskSet)}: validation rollouts, per-sample losses of a black box) go the same
 * way, one task per message, when they have a recipe ({@link DescribedTaskSet}); without one they run on
 * this machine's cores. A metered set's outside calls are counted as a metered objective's.
 */
public final class ClusterQueryExecutor implements QueryExecutor {

    /**
     * @param taskSeconds        work a task to a member should hold, at the member's measured cost
     * @param inFlight           tasks outstanding per member
     * @param chunkTimeoutMillis a task not answered by then is taken back and its member dropped
     */
    public record Settings(String clusterName, double taskSeconds, int inFlight, long chunkTimeoutMillis) {
        public static final Settings DEFAULT = new Settings(ClusterConfigs.DEFAULT_NAME, 0.5, 2, 120_000);

        public Settings {
            if (!(taskSeconds >= 0) || inFlight < 1 || chunkTimeoutMillis < 1) {
                throw new IllegalArgumentException("task seconds must be non-negative, in-flight and time-out positive");
            }
        }
    }

    /** Answers to other tasks tolerated in a row before a member is taken for broken. */
    private static final int STALE_ANSWERS = 8;

    private final HazelcastInstance hz;
    private final Settings settings;
    private final IExecutorService remote;
    private final LocalQueryExecutor fallback = new LocalQueryExecutor();
    private final ExecutorService dispatchers;
    private final Set<UUID> dropped = ConcurrentHashMap.newKeySet();
    /** Measured seconds per query of each member (round trip included), from its latest task. */
    private final Map<UUID, Double> secondsPerQuery = new ConcurrentHashMap<>();
    private final PrintStream warnings;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong taskSets = new AtomicLong();
    private final AtomicLong remoteChunks = new AtomicLong();
    private final AtomicLong localChunks = new AtomicLong();
    private final AtomicLong contextBytes = new AtomicLong();
    private final AtomicLong tasks = new AtomicLong();
    private final AtomicLong staleAnswers = new AtomicLong();
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

    /**
     * Counters since start: batches, chunks run remotely, chunks run here, bytes of contexts sent,
     * tasks sent, answers to other tasks dropped.
     */
    public long[] counters() {
        return new long[] {batches.get(), remoteChunks.get(), localChunks.get(), contextBytes.get(), tasks.get(),
                staleAnswers.get()};
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
        double[] out = new double[n];
        // outside calls of a member's chunks count where the local ones do (a black box's query counter)
        LongConsumer charge = described.local() instanceof MeteredObjective m ? m::addCalls : calls -> { };
        distribute(QueryChunks.count(n), QueryChunks.size(n), c -> QueryChunks.evaluate(described.local(), batch, c),
                () -> new BatchContext(described.recipe(), WireBatch.of(batch)),
                (c, v) -> System.arraycopy(v, 0, out, QueryChunks.from(n, c), v.length), charge);
        return out;
    }

    /**
     * Tasks with a recipe ({@link DescribedTaskSet}) on the members and this machine, one task per
     * message (a task is a long rollout, not worth grouping); tasks without one on this machine's cores.
     */
    @Override
    public double[][] run(TaskSet tasks) {
        if (!(tasks instanceof DescribedTaskSet described)) {
            return fallback.run(tasks);
        }
        taskSets.incrementAndGet();
        double[][] out = new double[tasks.size()][];
        // outside calls of a member's tasks count where the local ones do, as for a batch's chunks
        LongConsumer charge = described.local() instanceof MeteredTaskSet m ? m::addCalls : calls -> { };
        distribute(tasks.size(), 0, described.local()::run, () -> new TaskSetContext(described.recipe()),
                (c, v) -> out[c] = v, charge);
        return out;
    }

    /** Where a unit's numbers go. */
    private interface Placer {
        void place(int unit, double[] values);
    }

    /**
     * Units {@code 0..count-1} of one job over the members and this thread.
     *
     * @param queriesPerUnit queries in a unit, for sizing tasks by measured cost; 0: one unit per task
     * @param here           a unit evaluated on this machine
     * @param context        what a member needs (built once, when a member first asks)
     * @param charge         takes the outside calls a member reports for a unit it placed (units done
     *                       here count their calls themselves)
     */
    private void distribute(int count, int queriesPerUnit, IntFunction<double[]> here, Supplier<JobContext> context,
                            Placer placer, LongConsumer charge) {
        AtomicReferenceArray<double[]> placed = new AtomicReferenceArray<>(count);
        CountDownLatch remaining = new CountDownLatch(count);
        ConcurrentLinkedDeque<Integer> pending = new ConcurrentLinkedDeque<>();
        for (int c = 0; c < count; c++) {
            pending.add(c);
        }
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Run run = new Run(UUID.randomUUID().toString(), queriesPerUnit, context, placer, charge, placed, remaining,
                pending, failure);
        List<Member> members = count > 1 ? members() : List.of();
        for (Member m : members) {
            for (int k = 0; k < settings.inFlight(); k++) {
                dispatchers.submit(() -> run.memberLoop(m, members.size()));
            }
        }
        try {
            // the calling thread works too, from the back of the queue
            while (failure.get() == null && remaining.getCount() > 0) {
                Integer c = pending.pollLast();
                if (c != null) {
                    if (placed.get(c) == null) {
                        localChunks.incrementAndGet();
                        run.place(c, here.apply(c));
                    }
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
    }

    /** One job (a batch's chunks or a task set's tasks) in progress. */
    private final class Run {
        final String id;
        final int queriesPerUnit;
        final Supplier<JobContext> contextFactory;
        final Placer placer;
        final LongConsumer charge;
        final AtomicReferenceArray<double[]> placed;
        final CountDownLatch remaining;
        final ConcurrentLinkedDeque<Integer> pending;
        final AtomicReference<RuntimeException> failure;
        final Set<UUID> hasContext = ConcurrentHashMap.newKeySet();
        volatile boolean stop;
        private volatile JobContext context;

        Run(String id, int queriesPerUnit, Supplier<JobContext> contextFactory, Placer placer, LongConsumer charge,
            AtomicReferenceArray<double[]> placed, CountDownLatch remaining, ConcurrentLinkedDeque<Integer> pending,
            AtomicReference<RuntimeException> failure) {
            this.id = id;
            this.queriesPerUnit = queriesPerUnit;
            this.contextFactory = contextFactory;
            this.placer = placer;
            this.charge = charge;
            this.placed = placed;
            this.remaining = remaining;
            this.pending = pending;
            this.failure = failure;
        }

        /** Places chunk {@code c} once; a duplicate (resubmitted chunk) is ignored and false returned. */
        boolean place(int c, double[] values) {
            if (placed.compareAndSet(c, null, values)) {
                placer.place(c, values);
                remaining.countDown();
                return true;
            }
            return false;
        }

        private JobContext context() {
            JobContext b = context;
            if (b == null) {
                synchronized (this) {
                    if (context == null) {
                        context = contextFactory.get();
                    }
                    b = context;
                }
            }
            return b;
        }

        /**
         * Chunks for one task to {@code m}: consecutive ones from the front of the queue, as many as
         * the member does in about {@link Settings#taskSeconds} at its measured cost, but no more than a
         * fair share of what is left, so the batch still ends evenly.
         */
        private int[] take(Member m, int memberCount) {
            Double perQuery = secondsPerQuery.get(m.getUuid());
            int want = 1;
            if (queriesPerUnit > 0 && perQuery != null && perQuery > 0) {
                want = (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                        settings.taskSeconds() / (perQuery * queriesPerUnit)));
            }
            int share = Math.max(1, pending.size() / ((memberCount + 1) * settings.inFlight()));
            want = Math.min(want, share);
            List<Integer> got = new ArrayList<>(want);
            while (got.size() < want) {
                Integer c = pending.pollFirst();
                if (c == null) {
                    break;
                }
                if (placed.get(c) != null) {
                    continue;
                }
                if (!got.isEmpty() && c != got.get(got.size() - 1) + 1) {
                    pending.addFirst(c); // only consecutive chunks share a task
                    break;
                }
                got.add(c);
            }
            return got.stream().mapToInt(Integer::intValue).toArray();
        }

        void memberLoop(Member m, int memberCount) {
            while (!stop && failure.get() == null && !dropped.contains(m.getUuid())) {
                int[] chunks = take(m, memberCount);
                if (chunks.length == 0) {
                    return;
                }
                try {
                    long t0 = System.nanoTime();
                    ChunkResult r = submit(m, chunks, !hasContext.contains(m.getUuid()));
                    if (r.kind() == ChunkResult.Kind.CONTEXT_MISSING) {
                        r = submit(m, chunks, true);
                    }
                    switch (r.kind()) {
                        case DONE -> {
                            hasContext.add(m.getUuid());
                            int queries = 0;
                            for (int i = 0; i < chunks.length; i++) {
                                if (place(chunks[i], r.values()[i])) {
                                    charge.accept(r.calls()[i]); // a duplicate's calls are not counted twice
                                }
                                queries += r.values()[i].length;
                            }
                            remoteChunks.addAndGet(chunks.length);
                            if (queriesPerUnit > 0) {
                                secondsPerQuery.put(m.getUuid(), (System.nanoTime() - t0) * 1e-9 / Math.max(1, queries));
                            }
                        }
                        case REFUSED -> {
                            giveBack(chunks);
                            failure.compareAndSet(null, new InputException("cluster member " + m.getAddress()
                                    + " refused: " + r.message()));
                            return;
                        }
                        default -> {
                            giveBack(chunks);
                            failure.compareAndSet(null, new IllegalStateException("query chunk failed on member "
                                    + m.getAddress() + ": " + r.message()));
                            return;
                        }
                    }
                } catch (TimeoutException e) {
                    lose(m, chunks, "did not answer within " + settings.chunkTimeoutMillis() + " ms");
                    return;
                } catch (InterruptedException e) {
                    giveBack(chunks);
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException | RuntimeException e) {
                    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                    if (lostMember(cause) || !hz.getCluster().getMembers().contains(m)) {
                        lose(m, chunks, "left the cluster (" + cause.getClass().getSimpleName() + ")");
                        return;
                    }
                    giveBack(chunks);
                    failure.compareAndSet(null, new IllegalStateException("query chunk failed on member "
                            + m.getAddress() + ": " + cause.getClass().getName() + ": " + cause.getMessage(), cause));
                    return;
                }
            }
        }

        /** Sends one task and returns the answer to it, dropping answers to other tasks. */
        private ChunkResult submit(Member m, int[] chunks, boolean withContext)
                throws ExecutionException, InterruptedException, TimeoutException {
            for (int attempt = 0; ; attempt++) {
                JobContext ctx = withContext ? context() : null;
                if (ctx != null) {
                    contextBytes.addAndGet(ctx.bytes());
                }
                tasks.incrementAndGet();
                Future<ChunkResult> f = remote.submitToMember(new ChunkTask(id, chunks, ctx), m);
                // no cancel on time-out: Hazelcast's cancel waits for the (hung) member's answer; the late
                // result of an idempotent task is simply not placed
                ChunkResult r = f.get(settings.chunkTimeoutMillis(), TimeUnit.MILLISECONDS);
                if (r != null && r.answers(id, chunks)) {
                    return r;
                }
                staleAnswers.incrementAndGet();
                if (attempt + 1 >= STALE_ANSWERS) {
                    throw new IllegalStateException(STALE_ANSWERS + " answers in a row to other tasks");
                }
            }
        }

        private void giveBack(int[] chunks) {
            for (int i = chunks.length - 1; i >= 0; i--) {
                pending.addFirst(chunks[i]);
            }
        }

        private void lose(Member m, int[] chunks, String why) {
            giveBack(chunks); // resubmitted: to another member or done by the caller
            if (dropped.add(m.getUuid()) && !stop) {
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
        if (batches.get() + taskSets.get() > 0) {
            warnings.printf(java.util.Locale.ROOT, "cluster: %d batches and %d task sets; %d chunks on members in %d "
                    + "tasks, %d here; %.1f MB of θ and queries sent; %d stale answers dropped%n", batches.get(), taskSets.get(),
                    remoteChunks.get(), tasks.get(), localChunks.get(), contextBytes.get() / 1e6, staleAnswers.get());
        }
        dispatchers.shutdownNow();
        fallback.close();
        // a lite member holds no data: terminate at once rather than wait for a graceful hand-over
        hz.getLifecycleService().terminate();
    }
}
