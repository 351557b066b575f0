package org.deepzero.coupling.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.deepzero.coupling.data.ReferenceSet;
import org.deepzero.solver.pde.CaseParameters;
import org.deepzero.solver.pde.CoupledPde;

/**
 * One-step supervised pairs from the reference: the solver's step from a reference frame,
 * {@code S(u_ref(k))}, and the correction that would have hit the next frame,
 * {@code u_ref(k+1) − S(u_ref(k))}. They train the offline NON baseline and set the corrector's
 * output scale. Immutable.
 *
 * @param solved      {@code S(u_ref(k))} for every training frame k and parameter set
 * @param parameters  the parameter set of each pair
 * @param corrections the target corrections in the channel layout
 * @param <S>         the PDE's state type
 */
public record OneStepPairs<S>(List<S> solved, List<CaseParameters> parameters, List<double[]> corrections) {

    public OneStepPairs {
        solved = List.copyOf(solved);
        parameters = List.copyOf(parameters);
        corrections = List.copyOf(corrections);
    }

    /**
     * Builds the pairs from frames {@code 0..frames-1} of each training trajectory, stepping the
     * solver in parallel.
     */
    public static <S> OneStepPairs<S> of(Map<CaseParameters, ? extends CoupledPde<S>> solvers,
                                         ReferenceSet<S> reference, List<CaseParameters> parameters, int frames) {
        record Job<S>(CaseParameters p, S from, S to) {
        }
        List<Job<S>> jobs = new ArrayList<>();
        for (CaseParameters p : parameters) {
            List<S> f = reference.frames(p);
            if (f.size() < frames) {
                throw new IllegalArgumentException("reference at " + p.label() + " has " + f.size() + " frames, need " + frames);
            }
            for (int k = 0; k + 1 < frames; k++) {
                jobs.add(new Job<>(p, f.get(k), f.get(k + 1)));
            }
        }
        List<S> solved = new ArrayList<>(java.util.Collections.nCopies(jobs.size(), (S) null));
        double[][] corr = new double[jobs.size()][];
        IntStream.range(0, jobs.size()).parallel().forEach(i -> {
            Job<S> j = jobs.get(i);
            CoupledPde<S> pde = solvers.get(j.p());
            S next = pde.step(j.from());
            solved.set(i, next);
            double[] a = pde.toChannels(j.to());
            double[] b = pde.toChannels(next);
            for (int c = 0; c < a.length; c++) {
                a[c] -= b[c];
            }
            corr[i] = a;
        });
        return new OneStepPairs<>(solved, jobs.stream().map(Job::p).toList(), List.of(corr));
    }

    /** Number of pairs. */
    public int size() {
        return solved.size();
    }

    /**
     * Standard deviation of the correction over the entries where {@code openFaces[i]} is non-zero (mean taken
     * as zero: the network output is a correction, not a centred quantity).
     */
    public double correctionScale(double[] openFaces) {
        double sum = 0;
        long n = 0;
        for (double[] c : corrections) {
            for (int i = 0; i < c.length; i++) {
                if (openFaces[i] != 0) {
                    sum += c[i] * c[i];
                    n++;
                }
            }
        }
        return n == 0 ? 1 : Math.sqrt(sum / n);
    }
}
