package org.deepzero.coupling.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.deepzero.coupling.data.ReferenceSet;
import org.deepzero.solver.Pde;
import org.deepzero.solver.flow.FlowState;

/**
 * One-step supervised pairs from the reference: the solver's step from a reference frame,
 * {@code S(u_ref(k))}, and the correction that would have hit the next frame,
 * {@code u_ref(k+1) − S(u_ref(k))}. They train the offline NON baseline and set the corrector's
 * output scale. Immutable.
 *
 * @param solved      {@code S(u_ref(k))} for every training frame k and Reynolds number
 * @param reynolds    the Reynolds number of each pair
 * @param corrections the target corrections in the channel layout
 */
public record OneStepPairs(List<FlowState> solved, double[] reynolds, List<double[]> corrections) {

    public OneStepPairs {
        solved = List.copyOf(solved);
        reynolds = reynolds.clone();
        corrections = List.copyOf(corrections);
    }

    /**
     * Builds the pairs from frames {@code 0..frames-1} of each training trajectory, stepping the
     * solver in parallel.
     */
    public static OneStepPairs of(Map<Double, ? extends Pde<FlowState>> solvers, ReferenceSet reference,
                                  double[] reynolds, int frames) {
        record Job(double re, FlowState from, FlowState to) {
        }
        List<Job> jobs = new ArrayList<>();
        for (double re : reynolds) {
            List<FlowState> f = reference.frames(re);
            if (f.size() < frames) {
                throw new IllegalArgumentException("reference at Re " + re + " has " + f.size() + " frames, need " + frames);
            }
            for (int k = 0; k + 1 < frames; k++) {
                jobs.add(new Job(re, f.get(k), f.get(k + 1)));
            }
        }
        FlowState[] solved = new FlowState[jobs.size()];
        double[][] corr = new double[jobs.size()][];
        IntStream.range(0, jobs.size()).parallel().forEach(i -> {
            Job j = jobs.get(i);
            solved[i] = solvers.get(j.re()).step(j.from());
            double[] a = j.to().toChannels();
            double[] b = solved[i].toChannels();
            for (int c = 0; c < a.length; c++) {
                a[c] -= b[c];
            }
            corr[i] = a;
        });
        return new OneStepPairs(List.of(solved), jobs.stream().mapToDouble(Job::re).toArray(), List.of(corr));
    }

    /** Number of pairs. */
    public int size() {
        return solved.size();
    }

    @Override
    public double[] reynolds() {
        return reynolds.clone();
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
