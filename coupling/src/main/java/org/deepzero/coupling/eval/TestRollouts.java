package org.deepzero.coupling.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deepzero.coupling.data.ReferenceSet;
import org.deepzero.coupling.rollout.CoupledRollout;
import org.deepzero.coupling.rollout.FieldError;
import org.deepzero.solver.Pde;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.solver.pde.CoupledPde;
import org.deepzero.solver.pde.TrajectoryId;
import org.deepzero.zo.nn.Weights;
import org.deepzero.zo.query.DescribedTaskSet;
import org.deepzero.zo.query.QueryExecutor;
import org.deepzero.zo.query.TaskSet;
import org.deepzero.zo.query.TaskSetRecipe;

/**
 * Long rollouts of a corrected (or uncorrected) solver from reference frames, with the error after
 * every step and the PDE's physics signals ({@link CoupledPde#signals}) after every step of a
 * possibly longer record. The same starts serve every method, so methods can be compared pairwise.
 *
 * @param <S> the PDE's state type
 */
public final class TestRollouts<S> {

    /** Where a rollout starts: a reference trajectory and a frame index in it. */
    public record Start(TrajectoryId trajectory, int frame) {
        /** The default trajectory at {@code parameters}. */
        public Start(CaseParameters parameters, int frame) {
            this(TrajectoryId.of(parameters), frame);
        }

        /** The case parameters of the trajectory. */
        public CaseParameters parameters() {
            return trajectory.parameters();
        }

        /** A label such as {@code Re=120 frame=40} or {@code Re=120 #2 frame=0}. */
        public String label() {
            return String.format(Locale.ROOT, "%s frame=%d", trajectory.label(), frame);
        }
    }

    /**
     * The rollouts of one method.
     *
     * @param errors    per-step errors over the first {@link #steps()} steps
     * @param states    per start, the states of those steps (empty lists when not kept)
     * @param signals   per start, {@code signals[i][k]}: the PDE's signals after step k+1, for
     *                  {@link #physicsSteps()} steps
     */
    public record Result<S>(MethodErrors errors, List<List<S>> states, double[][][] signals) {
    }

    private final CoupledRollout<S> rollout;
    private final ReferenceSet<S> reference;
    private final List<Start> starts;
    private final int steps;
    private final int physicsSteps;
    private final FieldError<S> error;

    /** Rollouts whose physics record is as long as the error record. */
    public TestRollouts(CoupledRollout<S> rollout, ReferenceSet<S> reference, List<Start> starts, int steps) {
        this(rollout, reference, starts, steps, steps);
    }

    /**
     * @param steps        steps whose errors are measured (and states kept)
     * @param physicsSteps steps whose physics signals are recorded (the rollouts run the longer of the two)
     */
    public TestRollouts(CoupledRollout<S> rollout, ReferenceSet<S> reference, List<Start> starts, int steps,
                        int physicsSteps) {
        int length = Math.max(steps, physicsSteps);
        for (Start s : starts) {
            int have = reference.frames(s.trajectory()).size();
            if (s.frame() < 0 || s.frame() + length >= have) {
                throw new IllegalArgumentException("a rollout of " + length + " steps from frame " + s.frame()
                        + " at " + s.trajectory().label() + " needs more than the " + have + " reference frames");
            }
        }
        this.rollout = rollout;
        this.reference = reference;
        this.starts = List.copyOf(starts);
        this.steps = steps;
        this.physicsSteps = physicsSteps;
        this.error = new FieldError<>(rollout.corrector());
    }

    /**
     * Starts spread evenly over the frames of each parameter set's default trajectory that leave room
     * for a rollout of {@code steps}: windows of one trajectory, overlapping when they are many.
     *
     * @param perSet starts per parameter set
     */
    public static List<Start> evenStarts(ReferenceSet<?> reference, List<CaseParameters> parameters, int perSet,
                                         int steps) {
        List<Start> out = new ArrayList<>();
        for (CaseParameters p : parameters) {
            int last = reference.frames(p).size() - 1 - steps;
            if (last < 0) {
                throw new IllegalArgumentException("reference at " + p.label() + " has " + reference.frames(p).size()
                        + " frames, too few for rollouts of " + steps + " steps");
            }
            for (int i = 0; i < perSet; i++) {
                out.add(new Start(p, perSet == 1 ? 0 : (int) Math.round((double) i * last / (perSet - 1))));
            }
        }
        return out;
    }

    /**
     * One start per trajectory: the first frame of trajectories 0 to {@code perSet - 1} (each its own
     * initial perturbation, {@link TrajectoryId}) of every parameter set, so the rollouts are
     * independent samples.
     */
    public static List<Start> independentStarts(List<CaseParameters> parameters, int perSet) {
        List<Start> out = new ArrayList<>();
        for (CaseParameters p : parameters) {
            for (int i = 0; i < perSet; i++) {
                out.add(new Start(new TrajectoryId(p, i), 0));
            }
        }
        return out;
    }

    public List<Start> starts() {
        return starts;
    }

    /** Steps whose errors are measured. */
    public int steps() {
        return steps;
    }

    /** Steps whose physics signals are recorded. */
    public int physicsSteps() {
        return physicsSteps;
    }

    /**
     * Runs every start, each a task of {@code executor} on this machine's threads (the states stay in
     * this JVM).
     *
     * @param method     the method's name in the result
     * @param theta      corrector parameters, or null for the plain solver
     * @param keepStates whether to return the states of the error record (for images and HDF5)
     * @param physics    whether to record the physics signals (over {@link #physicsSteps()} steps)
     */
    public Result<S> run(String method, double[] theta, boolean keepStates, boolean physics, QueryExecutor executor) {
        Weights w = theta == null ? null : rollout.corrector().model().weights(theta);
        List<List<S>> states = new ArrayList<>();
        double[][][] signals = new double[starts.size()][][];
        for (int i = 0; i < starts.size(); i++) {
            states.add(null);
        }
        // tasks without a recipe: every executor runs them here, each writing its own slots
        double[][] mae = executor.run(new TaskSet() {
            @Override
            public int size() {
                return starts.size();
            }

            @Override
            public double[] run(int i) {
                Rollout<S> r = rollout(i, w, keepStates, physics);
                states.set(i, r.states());
                signals[i] = r.signals();
                return r.errors();
            }
        });
        return new Result<>(errors(method, mae), states, signals);
    }

    /**
     * The errors of every start, each start a task of {@code executor}; with {@code recipe} (which must
     * describe {@link #errorTasks} of these starts at {@code theta}) on cluster members too.
     */
    public MethodErrors errors(String method, double[] theta, QueryExecutor executor, TaskSetRecipe recipe) {
        TaskSet tasks = errorTasks(theta);
        return errors(method, executor.run(recipe == null ? tasks : new DescribedTaskSet(tasks, recipe)));
    }

    /** Task i: the per-step errors of start i's rollout at {@code theta} (null: the plain solver). */
    public TaskSet errorTasks(double[] theta) {
        Weights w = theta == null ? null : rollout.corrector().model().weights(theta);
        return new TaskSet() {
            @Override
            public int size() {
                return starts.size();
            }

            @Override
            public double[] run(int i) {
                return rollout(i, w, false, false).errors();
            }
        };
    }

    private MethodErrors errors(String method, double[][] mae) {
        List<String> labels = starts.stream().map(Start::label).toList();
        return new MethodErrors(method, labels, mae);
    }

    /** One rollout: its per-step errors, its states (empty when not kept) and its physics signals. */
    private record Rollout<S>(double[] errors, List<S> states, double[][] signals) {
    }

    private Rollout<S> rollout(int i, Weights w, boolean keepStates, boolean physics) {
        int length = physics ? Math.max(steps, physicsSteps) : steps;
        Start s = starts.get(i);
        List<S> ref = reference.frames(s.trajectory());
        List<S> path = new ArrayList<>(steps);
        List<S> cur = List.of(ref.get(s.frame()));
        List<CaseParameters> re = List.of(s.parameters());
        Pde<S> pde = rollout.solver(s.parameters());
        double[] mae = new double[steps];
        double[][] signals = new double[physics ? physicsSteps : 0][];
        for (int k = 0; k < length; k++) {
            cur = rollout.step(cur, re, w);
            if (k < steps) {
                mae[k] = error.meanAbsolute(cur.get(0), ref.get(s.frame() + k + 1));
                if (keepStates) {
                    path.add(cur.get(0));
                }
            }
            if (physics && k < physicsSteps) {
                signals[k] = signals(pde, cur.get(0));
            }
        }
        return new Rollout<>(mae, keepStates ? path : List.of(), signals);
    }

    /**
     * The physics signals of the reference over the physics record of every start:
     * {@code [start][step][signal]}, aligned with {@link Result#signals()}.
     */
    public double[][][] referenceSignals() {
        double[][][] out = new double[starts.size()][physicsSteps][];
        for (int i = 0; i < starts.size(); i++) {
            Start s = starts.get(i);
            List<S> ref = reference.frames(s.trajectory());
            Pde<S> pde = rollout.solver(s.parameters());
            for (int k = 0; k < physicsSteps; k++) {
                out[i][k] = signals(pde, ref.get(s.frame() + k + 1));
            }
        }
        return out;
    }

    /** The reference frames of every start over the error record, aligned with {@link Result#states()}. */
    public List<List<S>> referenceStates() {
        List<List<S>> out = new ArrayList<>();
        for (Start s : starts) {
            out.add(reference.frames(s.trajectory()).subList(s.frame() + 1, s.frame() + 1 + steps));
        }
        return out;
    }

    /**
     * The PDE's physics ({@link CoupledPde#physics}) of rollout {@code start} from its signals.
     *
     * @param start   index into {@link #starts()}
     * @param signals the rollout's (or the reference's) signals over the physics record
     */
    public java.util.Map<String, Double> physics(int start, double[][] signals) {
        Pde<S> pde = rollout.solver(starts.get(start).parameters());
        return pde instanceof CoupledPde<S> c ? c.physics(signals) : java.util.Map.of();
    }

    private static <S> double[] signals(Pde<S> pde, S state) {
        return pde instanceof CoupledPde<S> c ? c.signals(state) : new double[0];
    }
}
